package api

import "trangtin/internal/httpx"

// Adapter renders errors as the API's JSON error body, for a wrapper
// that answers for the API's addresses (web.Server.ModuleGate).
func (s *Server) Adapter() httpx.Adapter { return s.adapt }
