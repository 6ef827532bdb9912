package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is the only tile height served, as by the real database.
const tileHeight = 8

// dbFault selects how a served database misbehaves.
type dbFault int

const (
	faultNone           dbFault = iota
	faultTamperedTile           // level-0 hash tiles have one byte flipped
	faultTamperedRecord         // lookups return record text with another hash
	faultWrongRecord            // lookups return another module's record
	faultEmptyRecord            // lookups return a record with no line for the module
)

// lookupKey marks the context of a /lookup/ request, so ReadRecords can
// tell a lookup from a data tile.
type lookupKey struct{}

func isLookup(ctx context.Context) bool {
	v, _ := ctx.Value(lookupKey{}).(bool)
	return v
}

// dbOps implements sumdb.ServerOps over one tree.
type dbOps struct {
	db     *database
	tree   *tree
	signed []byte
	fault  dbFault
	// seen, for v/forked, is the main tree that clients saw before. Its
	// right-edge (partial) hash tiles are served from it when the served
	// tree has no tile of that name, so a client that kept the main tree's
	// note but not its tiles still reaches the consistency check (and its
	// "server misbehavior" report) instead of failing on a tile fetch.
	seen *tree
}

var _ sumdb.ServerOps = (*dbOps)(nil)

func notExist(op, what string) error {
	return &fs.PathError{Op: op, Path: what, Err: fs.ErrNotExist}
}

func (o *dbOps) Signed(ctx context.Context) ([]byte, error) {
	return o.signed, nil
}

func (o *dbOps) ReadRecords(ctx context.Context, id, n int64) ([][]byte, error) {
	if id < 0 || n < 0 || id > o.tree.size || n > o.tree.size-id {
		return nil, notExist("read records", fmt.Sprintf("%d+%d", id, n))
	}
	out := make([][]byte, n)
	for i := range out {
		out[i] = o.tree.text(id + int64(i))
	}
	if o.fault == faultTamperedRecord && n == 1 && isLookup(ctx) {
		out[0] = tamperRecord(out[0])
	}
	return out, nil
}

// tamperRecord changes the first character of the first hash in a record.
func tamperRecord(text []byte) []byte {
	out := bytes.Clone(text)
	if i := bytes.Index(out, []byte(" h1:")); i >= 0 && i+4 < len(out) {
		if out[i+4] == 'A' {
			out[i+4] = 'B'
		} else {
			out[i+4] = 'A'
		}
	}
	return out
}

func (o *dbOps) Lookup(ctx context.Context, m module.Version) (int64, error) {
	id, found := o.tree.lookup(m.Path, m.Version)
	switch o.fault {
	case faultWrongRecord:
		return o.db.otherRecord(id, found, m.Path), nil
	case faultEmptyRecord:
		// A filler record: a real, correctly signed record whose lines are
		// all for some other module.
		if o.db.fillerN > 0 && !strings.HasPrefix(m.Path, fillerPrefix) {
			return 0, nil
		}
		return o.db.otherRecord(id, found, m.Path), nil
	}
	if !found {
		return 0, notExist("lookup", m.String())
	}
	return id, nil
}

func (o *dbOps) ReadTileData(ctx context.Context, t tlog.Tile) ([]byte, error) {
	if t.H != tileHeight || t.L < 0 || t.W < 1 || t.W > 1<<tileHeight {
		return nil, notExist("tile", t.Path())
	}
	// The tile's last hash is stored hash ((N<<H)+W-1) at level L*H, which
	// exists once the tree has ((N<<H)+W) << (L*H) records.
	shift := t.L * t.H
	if shift >= 62 || t.N >= 1<<(62-tileHeight) {
		return nil, notExist("tile", t.Path())
	}
	if (t.N<<tileHeight)+int64(t.W) > o.tree.size>>shift {
		return nil, notExist("tile", t.Path())
	}
	src := o.tree
	if o.seen != nil && isEdgeTile(t, o.seen.size) && !isEdgeTile(t, o.tree.size) {
		src = o.seen
	}
	data, err := tlog.ReadTileData(t, src.hashes)
	if err != nil {
		return nil, err
	}
	if o.fault == faultTamperedTile && t.L == 0 && len(data) > 0 {
		data = bytes.Clone(data)
		data[0] ^= 0x01
	}
	return data, nil
}

// isEdgeTile reports whether t is the partial tile at the right edge of
// level t.L in a tree of size n.
func isEdgeTile(t tlog.Tile, n int64) bool {
	m := n >> (t.L * t.H)
	return t.W > 0 && t.W < 1<<t.H && t.N == m>>t.H && int64(t.W) == m&(1<<t.H-1)
}

// dbHandler serves /sumdb/<name>/... for one set of ops.
type dbHandler struct {
	name string
	srv  *sumdb.Server
}

func newDBHandler(name string, ops *dbOps) *dbHandler {
	return &dbHandler{name: name, srv: sumdb.NewServer(ops)}
}

// serve answers urlPath, which starts with "/sumdb/".
func (h *dbHandler) serve(w http.ResponseWriter, r *http.Request, urlPath string) {
	rest := strings.TrimPrefix(urlPath, "/sumdb/")
	name, sub, _ := strings.Cut(rest, "/")
	if name != h.name {
		http.Error(w, "unknown checksum database", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if sub == "supported" {
		w.WriteHeader(http.StatusOK)
		return
	}
	if strings.HasPrefix(sub, "tile/") && !strings.HasPrefix(sub, fmt.Sprintf("tile/%d/", tileHeight)) {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	ctx := r.Context()
	if strings.HasPrefix(sub, "lookup/") {
		ctx = context.WithValue(ctx, lookupKey{}, true)
	}
	r2 := r.WithContext(ctx)
	u := *r.URL
	u.Path = "/" + sub
	u.RawPath = ""
	r2.URL = &u
	h.srv.ServeHTTP(w, r2)
}
