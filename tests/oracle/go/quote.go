package main

import (
	"encoding/json"
	"strconv"
)

// Answers strconv.Quote of arbitrary bytes (base64 in the question), the quoting of every
// %q in the go command's messages.
func init() {
	register("quote", func(raw json.RawMessage) (any, error) {
		var q struct {
			Data []byte
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		return map[string]any{"quoted": strconv.Quote(string(q.Data))}, nil
	})
}
