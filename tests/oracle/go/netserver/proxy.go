package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// proxy answers the GOPROXY protocol from a module download cache:
//
//	/<module>/@v/list
//	/<module>/@v/<version>.info, .mod, .zip
//	/<module>/@latest
//
// Module paths and versions in the URL are !-escaped, exactly as the
// cache's directory and file names are.
type proxy struct {
	dir string // "" when there is no cache: everything is 404
}

var proxyContentTypes = map[string]string{
	".info": "application/json",
	".mod":  "text/plain; charset=utf-8",
	".zip":  "application/zip",
}

func notFound(w http.ResponseWriter, what string) {
	http.Error(w, "not found: "+what, http.StatusNotFound)
}

func (p *proxy) serve(w http.ResponseWriter, r *http.Request, urlPath string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest := strings.TrimPrefix(urlPath, "/")
	if escPath, ok := strings.CutSuffix(rest, "/@latest"); ok {
		p.serveLatest(w, r, escPath)
		return
	}
	escPath, file, ok := strings.Cut(rest, "/@v/")
	if !ok || file == "" || strings.Contains(file, "/") {
		notFound(w, urlPath)
		return
	}
	modPath, err := module.UnescapePath(escPath)
	if err != nil {
		notFound(w, urlPath)
		return
	}
	if p.dir == "" {
		notFound(w, modPath)
		return
	}
	vdir := filepath.Join(p.dir, filepath.FromSlash(escPath), "@v")
	if file == "list" {
		p.serveList(w, r, vdir)
		return
	}
	ext := filepath.Ext(file)
	ctype, ok := proxyContentTypes[ext]
	if !ok {
		notFound(w, urlPath)
		return
	}
	escVer := strings.TrimSuffix(file, ext)
	version, err := module.UnescapeVersion(escVer)
	if err != nil || escVer == "" || strings.Contains(escVer, "..") {
		notFound(w, urlPath)
		return
	}
	p.serveFile(w, r, filepath.Join(vdir, file), ctype, modPath+"@"+version)
}

func (p *proxy) serveFile(w http.ResponseWriter, r *http.Request, file, ctype, what string) {
	f, err := os.Open(file)
	if err != nil {
		notFound(w, what)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		notFound(w, what)
		return
	}
	w.Header().Set("Content-Type", ctype)
	http.ServeContent(w, r, "", st.ModTime(), f)
}

// versions lists the versions in a cached @v directory: its list file if
// there is one, else the versions that have a .info file.
func versions(vdir string) ([]string, bool) {
	if data, err := os.ReadFile(filepath.Join(vdir, "list")); err == nil {
		var vs []string
		for _, line := range strings.Split(string(data), "\n") {
			if v := strings.TrimSpace(line); v != "" {
				vs = append(vs, v)
			}
		}
		return vs, true
	}
	entries, err := os.ReadDir(vdir)
	if err != nil {
		return nil, false
	}
	var vs []string
	for _, e := range entries {
		if esc, ok := strings.CutSuffix(e.Name(), ".info"); ok {
			if v, err := module.UnescapeVersion(esc); err == nil {
				vs = append(vs, v)
			}
		}
	}
	return vs, len(vs) > 0
}

func (p *proxy) serveList(w http.ResponseWriter, r *http.Request, vdir string) {
	vs, ok := versions(vdir)
	if !ok {
		notFound(w, "list")
		return
	}
	semver.Sort(vs)
	body := ""
	for _, v := range vs {
		body += v + "\n"
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(body))
}

// serveLatest answers @latest with the .info of the highest release
// version (or the highest version if there is no release).
func (p *proxy) serveLatest(w http.ResponseWriter, r *http.Request, escPath string) {
	modPath, err := module.UnescapePath(escPath)
	if err != nil || p.dir == "" {
		notFound(w, escPath+"@latest")
		return
	}
	vdir := filepath.Join(p.dir, filepath.FromSlash(escPath), "@v")
	vs, _ := versions(vdir)
	best, bestRelease := "", false
	for _, v := range vs {
		if !semver.IsValid(v) {
			continue
		}
		release := semver.Prerelease(v) == ""
		if best == "" || release && !bestRelease || release == bestRelease && semver.Compare(v, best) > 0 {
			best, bestRelease = v, release
		}
	}
	if best == "" {
		notFound(w, modPath+"@latest")
		return
	}
	escVer, err := module.EscapeVersion(best)
	if err != nil {
		notFound(w, modPath+"@latest")
		return
	}
	p.serveFile(w, r, filepath.Join(vdir, escVer+".info"), proxyContentTypes[".info"], modPath+"@latest")
}
