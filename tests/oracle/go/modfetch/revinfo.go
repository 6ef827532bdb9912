// Package modfetch holds a copy of the go command's RevInfo (cmd/go/internal/modfetch/repo.go)
// so that json.Unmarshal's errors name the same types as the go command's: "Go value of type
// modfetch.RevInfo", "Go struct field RevInfo.Version", "of type codehost.Origin".
package modfetch

import (
	"time"

	"godiag.test/oracle/modfetch/codehost"
)

type RevInfo struct {
	Version string
	Time    time.Time
	Name    string           `json:"-"`
	Short   string           `json:"-"`
	Origin  *codehost.Origin `json:",omitempty"`
}
