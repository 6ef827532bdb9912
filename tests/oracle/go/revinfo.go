package main

import (
	"encoding/json"

	"godiag.test/oracle/modfetch"
)

// Answers what encoding/json says of a proxy's .info / @latest body: its syntax check
// (Unmarshal into a RawMessage) and Unmarshal into the go command's RevInfo.
func init() {
	register("revinfo", func(raw json.RawMessage) (any, error) {
		var q struct {
			Data []byte // base64 in the question
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		a := map[string]any{"syntax": "", "revinfo": "", "version": ""}
		var m json.RawMessage
		if err := json.Unmarshal(q.Data, &m); err != nil {
			a["syntax"] = err.Error()
		}
		var info modfetch.RevInfo
		if err := json.Unmarshal(q.Data, &info); err != nil {
			a["revinfo"] = err.Error()
		}
		a["version"] = info.Version
		return a, nil
	})
}
