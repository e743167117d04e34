//go:build !unix

package media

import "time"

func processCPU() time.Duration { return 0 }
