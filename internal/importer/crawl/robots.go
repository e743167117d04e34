package crawl

import (
	"bufio"
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Robots is what an old site's robots.txt asks of the crawler: the rules
// of the group naming it (a User-agent containing "trangtin"), else of
// the group for every robot (*), its Crawl-delay, and the sitemaps it
// lists.
type Robots struct {
	rules    []robotsRule
	Delay    time.Duration
	Sitemaps []string
}

type robotsRule struct {
	allow bool
	re    *regexp.Regexp
	n     int // length of the pattern: the longest match wins
}

// ParseRobots reads a robots.txt for the robot named agent.
func ParseRobots(data []byte, agent string) *Robots {
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false
	r := &Robots{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
			inAgents = true
			continue
		case "sitemap":
			r.Sitemaps = append(r.Sitemaps, val)
		case "allow", "disallow":
			if cur != nil && val != "" {
				cur.rules = append(cur.rules, robotsRule{allow: key == "allow", re: robotsPattern(val), n: len(val)})
			}
		case "crawl-delay":
			if f, err := strconv.ParseFloat(val, 64); err == nil && cur != nil && f > 0 && f < 86400 {
				cur.delay = time.Duration(f * float64(time.Second))
			}
		}
		inAgents = false
	}
	agent = strings.ToLower(agent)
	var mine, all *group
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == "*":
				if all == nil {
					all = g
				}
			case a != "" && strings.Contains(agent, a) && mine == nil:
				mine = g
			}
		}
	}
	if mine == nil {
		mine = all
	}
	if mine != nil {
		r.rules, r.Delay = mine.rules, mine.delay
	}
	return r
}

// robotsPattern is a robots.txt path pattern: a prefix, * any run of
// characters, a final $ the end.
func robotsPattern(p string) *regexp.Regexp {
	end := strings.HasSuffix(p, "$")
	p = strings.TrimSuffix(p, "$")
	parts := strings.Split(p, "*")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	expr := "^" + strings.Join(parts, ".*")
	if end {
		expr += "$"
	}
	return regexp.MustCompile(expr)
}

// Allowed reports whether the robot may fetch u.
func (r *Robots) Allowed(u *url.URL) bool {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if rule.re.MatchString(p) && (rule.n > best || (rule.n == best && rule.allow)) {
			best, allow = rule.n, rule.allow
		}
	}
	return allow
}
