package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb/dirhash"
)

// goModHash is the go.sum hash of a go.mod file: dirhash.Hash1 over one
// file named "go.mod".
func goModHash(data []byte) (string, error) {
	return dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	})
}

// scanCache reads a module download cache ($GOMODCACHE/cache/download)
// and returns a record for every version that has both a .mod and a
// .ziphash file, sorted by path and version. skipped counts versions that
// have only one of the two.
func scanCache(dir string) (recs []moduleRecord, skipped int, err error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, 0, err
	}
	if !info.IsDir() {
		return nil, 0, fmt.Errorf("%s is not a directory", dir)
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() || p == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "sumdb" {
			return filepath.SkipDir // the go command's own checksum database cache
		}
		if d.Name() != "@v" {
			return nil
		}
		escPath := path.Dir(rel)
		modPath, err := module.UnescapePath(escPath)
		if err != nil {
			return filepath.SkipDir // not a module directory
		}
		found, skip, err := scanVersions(p, modPath)
		if err != nil {
			return err
		}
		recs = append(recs, found...)
		skipped += skip
		return filepath.SkipDir
	})
	if err != nil {
		return nil, 0, err
	}
	sort.Slice(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if a.path != b.path {
			return a.path < b.path
		}
		if c := semver.Compare(a.version, b.version); c != 0 {
			return c < 0
		}
		return a.version < b.version
	})
	return recs, skipped, nil
}

// scanVersions reads one module's @v directory.
func scanVersions(vdir, modPath string) (recs []moduleRecord, skipped int, err error) {
	entries, err := os.ReadDir(vdir)
	if err != nil {
		return nil, 0, err
	}
	have := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() {
			have[e.Name()] = true
		}
	}
	seen := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		var escVer string
		switch {
		case strings.HasSuffix(name, ".ziphash"):
			escVer = strings.TrimSuffix(name, ".ziphash")
		case strings.HasSuffix(name, ".mod"):
			escVer = strings.TrimSuffix(name, ".mod")
		default:
			continue
		}
		if seen[escVer] {
			continue
		}
		seen[escVer] = true
		version, err := module.UnescapeVersion(escVer)
		if err != nil || module.Check(modPath, version) != nil {
			continue
		}
		if !have[escVer+".mod"] || !have[escVer+".ziphash"] {
			skipped++
			continue
		}
		modData, err := os.ReadFile(filepath.Join(vdir, escVer+".mod"))
		if err != nil {
			return nil, 0, err
		}
		zh, err := os.ReadFile(filepath.Join(vdir, escVer+".ziphash"))
		if err != nil {
			return nil, 0, err
		}
		zipHash := strings.TrimSpace(string(zh))
		if !strings.HasPrefix(zipHash, "h1:") || strings.ContainsAny(zipHash, " \t\r\n") {
			return nil, 0, fmt.Errorf("%s: not a ziphash file", filepath.Join(vdir, escVer+".ziphash"))
		}
		modHash, err := goModHash(modData)
		if err != nil {
			return nil, 0, err
		}
		recs = append(recs, moduleRecord{path: modPath, version: version, zipHash: zipHash, modHash: modHash})
	}
	return recs, skipped, nil
}
