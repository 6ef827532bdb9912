package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// memHashes is an in-memory tlog.HashReader over stored hashes.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("no hash %d", x)
		}
		out[i] = m[x]
	}
	return out, nil
}

func b64(hs []tlog.Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return out
}

// Answers from golang.org/x/mod/sumdb/tlog and sumdb/note.
func init() {
	// A log of records "<prefix><i>" for i < n; roots, record proofs and tree proofs asked for.
	register("tlog", func(raw json.RawMessage) (any, error) {
		var q struct {
			N            int64
			Prefix       string
			Roots        []int64
			RecordProofs [][2]int64 // {t, n}
			TreeProofs   [][2]int64 // {t, n}
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		var stored memHashes
		for i := int64(0); i < q.N; i++ {
			hs, err := tlog.StoredHashes(i, []byte(fmt.Sprintf("%s%d", q.Prefix, i)), stored)
			if err != nil {
				return nil, err
			}
			stored = append(stored, hs...)
		}
		var roots []string
		for _, t := range q.Roots {
			h, err := tlog.TreeHash(t, stored)
			if err != nil {
				return nil, err
			}
			roots = append(roots, base64.StdEncoding.EncodeToString(h[:]))
		}
		var recordProofs, treeProofs [][]string
		for _, p := range q.RecordProofs {
			proof, err := tlog.ProveRecord(p[0], p[1], stored)
			if err != nil {
				return nil, err
			}
			recordProofs = append(recordProofs, b64(proof))
		}
		for _, p := range q.TreeProofs {
			proof, err := tlog.ProveTree(p[0], p[1], stored)
			if err != nil {
				return nil, err
			}
			treeProofs = append(treeProofs, b64(proof))
		}
		return map[string]any{"roots": roots, "record_proofs": recordProofs, "tree_proofs": treeProofs,
			"stored": len(stored)}, nil
	})
	register("tilepath", func(raw json.RawMessage) (any, error) {
		var q struct{ Path string }
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		t, err := tlog.ParseTilePath(q.Path)
		if err != nil {
			return map[string]any{"error": err.Error()}, nil
		}
		return map[string]any{"h": t.H, "l": t.L, "n": t.N, "w": t.W}, nil
	})
	register("noteopen", func(raw json.RawMessage) (any, error) {
		var q struct {
			Msg  string
			Keys []string
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, err
		}
		var vs []note.Verifier
		for _, k := range q.Keys {
			v, err := note.NewVerifier(k)
			if err != nil {
				return nil, err
			}
			vs = append(vs, v)
		}
		n, err := note.Open([]byte(q.Msg), note.VerifierList(vs...))
		if err != nil {
			return map[string]any{"error": err.Error()}, nil
		}
		return map[string]any{"text": n.Text, "verified": len(n.Sigs), "unverified": len(n.UnverifiedSigs)}, nil
	})
}
