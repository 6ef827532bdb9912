// Command oracle answers questions about Go settings the way golang.org/x/mod and the
// real go command do. It reads JSON lines {"kind": K, ...} on stdin and writes one JSON
// answer line per question on stdout. Handlers live in the other files of this package,
// one file per kind family, registered in init functions.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

type handler func(raw json.RawMessage) (any, error)

var handlers = map[string]handler{}

func register(kind string, h handler) {
	if _, dup := handlers[kind]; dup {
		panic("duplicate oracle kind " + kind)
	}
	handlers[kind] = h
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var head struct {
			Kind string `json:"kind"`
		}
		line := in.Bytes()
		if err := json.Unmarshal(line, &head); err != nil {
			fmt.Fprintf(os.Stderr, "oracle: bad question: %v\n", err)
			os.Exit(2)
		}
		h, ok := handlers[head.Kind]
		if !ok {
			fmt.Fprintf(os.Stderr, "oracle: unknown kind %q\n", head.Kind)
			os.Exit(2)
		}
		ans, err := h(json.RawMessage(append([]byte(nil), line...)))
		if err != nil {
			fmt.Fprintf(os.Stderr, "oracle: %s: %v\n", head.Kind, err)
			os.Exit(2)
		}
		if err := enc.Encode(ans); err != nil {
			fmt.Fprintf(os.Stderr, "oracle: %v\n", err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "oracle: %v\n", err)
		os.Exit(2)
	}
}
