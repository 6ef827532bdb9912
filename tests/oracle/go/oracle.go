package main

import (
	"encoding/json"
	"errors"
	"go/version"
	"os"
	"os/exec"
	"path"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/note"
)

// Answers from golang.org/x/mod and the standard library (the go command's own code).
func init() {
	register("match", func(raw json.RawMessage) (any, error) {
		var q struct{ Patterns, Target string }
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		matched := module.MatchPrefixPatterns(q.Patterns, q.Target)
		var which *string
		if matched {
			for _, p := range strings.Split(q.Patterns, ",") {
				if module.MatchPrefixPatterns(p, q.Target) {
					p := p
					which = &p
					break
				}
			}
		}
		return map[string]any{"matched": matched, "pattern": which}, nil
	})
	register("pathmatch", func(raw json.RawMessage) (any, error) {
		var q struct{ Pattern, Name string }
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		ok, err := path.Match(q.Pattern, q.Name)
		return map[string]any{"matched": ok, "bad": errors.Is(err, path.ErrBadPattern)}, nil
	})
	register("version", func(raw json.RawMessage) (any, error) {
		var q struct{ A, B string }
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		return map[string]any{"cmp": version.Compare("go"+q.A, "go"+q.B), "valid_a": version.IsValid("go" + q.A),
			"lang_a": version.Lang("go"+q.A) == "go"+q.A}, nil
	})
	register("verifier", func(raw json.RawMessage) (any, error) {
		var q struct{ Key string }
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		v, err := note.NewVerifier(q.Key)
		if err != nil {
			return map[string]any{"error": err.Error()}, nil
		}
		return map[string]any{"error": nil, "name": v.Name(), "hash": v.KeyHash()}, nil
	})
	register("modfile", func(raw json.RawMessage) (any, error) {
		var q struct{ Text string }
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		f, err := modfile.Parse("go.mod", []byte(q.Text), nil)
		if err != nil {
			return map[string]any{"error": err.Error()}, nil
		}
		a := map[string]any{"error": nil, "module": "", "go": "", "toolchain": "", "requires": len(f.Require)}
		if f.Module != nil {
			a["module"] = f.Module.Mod.Path
		}
		if f.Go != nil {
			a["go"] = f.Go.Version
		}
		if f.Toolchain != nil {
			a["toolchain"] = f.Toolchain.Name
		}
		return a, nil
	})
	// The real go command in a scrubbed, offline environment: its first stderr line.
	register("gocmd", func(raw json.RawMessage) (any, error) {
		var q struct {
			Env   map[string]string
			Args  []string
			GoMod string
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		dir, err := os.MkdirTemp("", "oracle-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		if q.GoMod != "" {
			os.WriteFile(dir+"/go.mod", []byte(q.GoMod), 0o644)
		}
		cmd := exec.Command("go", q.Args...)
		cmd.Dir = dir
		cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "GOENV=off", "GOPATH=" + dir + "/gopath",
			"GOMODCACHE=" + dir + "/modcache", "GOCACHE=" + dir + "/cache", "GOTOOLCHAIN=local", "GOPROXY=off",
			"GOSUMDB=off", "GOFLAGS=", "GOTELEMETRY=off"}
		for k, v := range q.Env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, _ := cmd.CombinedOutput()
		first, _, _ := strings.Cut(string(out), "\n")
		return map[string]any{"first_line": first, "exit": cmd.ProcessState.ExitCode()}, nil
	})
}
