// Package codehost holds a copy of cmd/go/internal/modfetch/codehost's Origin, so that
// json.Unmarshal's errors name it as the go command's do: "of type codehost.Origin".
package codehost

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
