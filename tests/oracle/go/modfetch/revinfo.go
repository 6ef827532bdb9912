// Package modfetch holds a copy of the go command's RevInfo (cmd/go/internal/modfetch,
// with codehost.Origin's fields) so that json.Unmarshal's errors name the same types as the
// go command's: "Go value of type modfetch.RevInfo", "Go struct field RevInfo.Version".
package modfetch

import "time"

type Origin struct {
	VCS       string `json:",omitempty"`
	URL       string `json:",omitempty"`
	Subdir    string `json:",omitempty"`
	Hash      string `json:",omitempty"`
	TagPrefix string `json:",omitempty"`
	TagSum    string `json:",omitempty"`
	Ref       string `json:",omitempty"`
	RepoSum   string `json:",omitempty"`
}

type RevInfo struct {
	Version string
	Time    time.Time
	Name    string  `json:"-"`
	Short   string  `json:"-"`
	Origin  *Origin `json:",omitempty"`
}
