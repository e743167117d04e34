// Package feed builds the machine-readable views of a site: RSS 2.0
// channels, sitemaps (urlset and sitemap index) and robots.txt. The
// functions are pure: they take plain values and return bytes, so the web
// package decides where the data comes from and the tests can compare
// output byte for byte.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Channel is one RSS 2.0 channel: the whole site or one category.
type Channel struct {
	Title       string
	Link        string // absolute URL of the HTML page the channel mirrors
	Description string
	Language    string    // "vi" when empty
	LastBuild   time.Time // newest item's date; zero: omitted
	Generator   string
	Items       []Item
}

// Item is one entry of a channel.
type Item struct {
	Title       string
	Link        string // absolute URL
	GUID        string // stable identifier; the Link when empty
	Description string // plain text summary
	Author      string // byline; RSS wants an e-mail here, so it goes in dc:creator
	Categories  []string
	PubDate     time.Time
	Enclosure   *Enclosure
}

// Enclosure is a media object attached to an item: the featured photo.
type Enclosure struct {
	URL    string
	Type   string // MIME type, e.g. "image/jpeg"
	Length int64  // bytes; 0 when unknown (RSS 2.0 asks for the attribute)
}

// RSS 2.0 dates are RFC 822 dates; RFC 1123Z is its four-digit-year form.
const rssDate = time.RFC1123Z

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	DC      string     `xml:"xmlns:dc,attr,omitempty"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator,omitempty"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	Description string        `xml:"description,omitempty"`
	Categories  []string      `xml:"category"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate,omitempty"`
	Creator     string        `xml:"dc:creator,omitempty"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// RSS renders c as an RSS 2.0 document. Title, Link and Description are
// required by the specification, so an empty one is an error.
func RSS(c Channel) ([]byte, error) {
	if c.Title == "" || c.Link == "" {
		return nil, fmt.Errorf("feed: channel needs a title and a link")
	}
	doc := rssDoc{Version: "2.0", Channel: rssChannel{
		Title:       clean(c.Title),
		Link:        c.Link,
		Description: clean(c.Description),
		Language:    c.Language,
		Generator:   c.Generator,
	}}
	if doc.Channel.Description == "" {
		doc.Channel.Description = doc.Channel.Title
	}
	if doc.Channel.Language == "" {
		doc.Channel.Language = "vi"
	}
	if !c.LastBuild.IsZero() {
		doc.Channel.LastBuildDate = c.LastBuild.Format(rssDate)
	}
	for _, it := range c.Items {
		ri := rssItem{Title: clean(it.Title), Link: it.Link, Description: clean(it.Description), Creator: clean(it.Author)}
		for _, cat := range it.Categories {
			if cat = clean(cat); cat != "" {
				ri.Categories = append(ri.Categories, cat)
			}
		}
		ri.GUID = rssGUID{IsPermaLink: "true", Value: it.Link}
		if it.GUID != "" && it.GUID != it.Link {
			ri.GUID = rssGUID{IsPermaLink: "false", Value: it.GUID}
		}
		if !it.PubDate.IsZero() {
			ri.PubDate = it.PubDate.Format(rssDate)
		}
		if e := it.Enclosure; e != nil && e.URL != "" {
			ri.Enclosure = &rssEnclosure{URL: e.URL, Length: max(e.Length, 0), Type: e.Type}
		}
		if ri.Creator != "" {
			doc.DC = "http://purl.org/dc/elements/1.1/"
		}
		doc.Channel.Items = append(doc.Channel.Items, ri)
	}
	return marshal(doc)
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// clean drops what XML 1.0 cannot carry (control characters, invalid
// UTF-8), so a stray byte in an imported title never breaks the feed.
func clean(s string) string {
	if s == "" {
		return s
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError:
			return -1
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return -1
		}
		return r
	}, s))
}
