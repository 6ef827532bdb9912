package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// The database's records, in id order:
//
//	[0, fillerN)                      filler versions  example.com/filler/f<i> v1.0.0
//	[fillerN, fillerN+len(real))      the cache's versions, sorted by path and version
//	[fillerN+len(real), size)         synthetic versions example.com/synth/m<i> v1.0.<j>
//
// Filler and synthetic records are computed from their id, so a large
// synthetic database only stores its hashes.
const (
	fillerPrefix    = "example.com/filler/f"
	fillerVersion   = "v1.0.0"
	fillerCount     = 1000 // added when there are fewer synthetic versions than this
	synthPrefix     = "example.com/synth/m"
	synthPerModule  = 10 // versions v1.0.0 ... v1.0.9 of each synthetic module
	synthVersionPre = "v1.0."
	forkedExtraPath = "example.com/forked/extra"
	forkedExtraVer  = "v1.0.0"
)

// A moduleRecord is one module version's go.sum lines.
type moduleRecord struct {
	path, version string
	zipHash       string // h1: hash of the module zip
	modHash       string // h1: hash of the go.mod file
}

func (m moduleRecord) text() []byte {
	return []byte(fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n",
		m.path, m.version, m.zipHash, m.path, m.version, m.modHash))
}

// fakeHash is a deterministic, well-formed h1: hash for made-up versions.
func fakeHash(kind, path, version string) string {
	sum := sha256.Sum256([]byte("netserver " + kind + " " + path + " " + version))
	return "h1:" + base64.StdEncoding.EncodeToString(sum[:])
}

func fakeRecord(path, version string) moduleRecord {
	return moduleRecord{
		path:    path,
		version: version,
		zipHash: fakeHash("zip", path, version),
		modHash: fakeHash("mod", path, version),
	}
}

// hashStore holds a tree's stored hashes: a prefix shared with another
// tree (read-only) followed by the tree's own hashes.
type hashStore struct {
	prefix []tlog.Hash
	own    []tlog.Hash
}

func (s *hashStore) count() int64 { return int64(len(s.prefix) + len(s.own)) }

func (s *hashStore) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	np := int64(len(s.prefix))
	for i, x := range indexes {
		switch {
		case x < 0 || x >= s.count():
			return nil, fmt.Errorf("no stored hash %d", x)
		case x < np:
			out[i] = s.prefix[x]
		default:
			out[i] = s.own[x-np]
		}
	}
	return out, nil
}

// A tree is one signed state of a checksum database log.
type tree struct {
	size   int64
	text   func(id int64) []byte
	hashes *hashStore
	root   tlog.Hash
	lookup func(path, version string) (int64, bool)
}

// buildTree hashes records [from, size) on top of prefix, which must hold
// exactly the stored hashes of records [0, from).
func buildTree(size int64, text func(int64) []byte, prefix []tlog.Hash, from int64) (*tree, error) {
	if int64(len(prefix)) != tlog.StoredHashCount(from) {
		return nil, fmt.Errorf("internal error: prefix of %d hashes for %d records", len(prefix), from)
	}
	store := &hashStore{prefix: prefix}
	store.own = make([]tlog.Hash, 0, tlog.StoredHashCount(size)-int64(len(prefix)))
	for n := from; n < size; n++ {
		hs, err := tlog.StoredHashes(n, text(n), store)
		if err != nil {
			return nil, err
		}
		store.own = append(store.own, hs...)
	}
	root, err := tlog.TreeHash(size, store)
	if err != nil {
		return nil, err
	}
	return &tree{size: size, text: text, hashes: store, root: root}, nil
}

// sign returns the tree's signed note.
func (t *tree) sign(signer note.Signer) ([]byte, error) {
	text := tlog.FormatTree(tlog.Tree{N: t.size, Hash: t.root})
	return note.Sign(&note.Note{Text: string(text)}, signer)
}

// A database is the served checksum database with its variants' trees.
type database struct {
	keys      *dbKeys
	fillerN   int64
	real      []moduleRecord
	realIndex map[string]int64 // "path@version" → record id
	synthN    int64

	main         *tree
	mainSigned   []byte // main tree, right key
	wrongSigned  []byte // main tree, wrong key (same name)
	forked       *tree  // main tree with one record changed and one appended
	forkedSigned []byte
	forkedID     int64 // the record changed in the forked tree
}

func newDatabase(keys *dbKeys, real []moduleRecord, synthetic int64) (*database, error) {
	db := &database{
		keys:      keys,
		real:      real,
		realIndex: make(map[string]int64, len(real)),
		synthN:    synthetic,
	}
	if synthetic < fillerCount {
		db.fillerN = fillerCount
	}
	for _, m := range real {
		if _, err := tlog.FormatRecord(0, m.text()); err != nil {
			return nil, fmt.Errorf("%s@%s: record text is not valid: %v", m.path, m.version, err)
		}
	}
	for i, m := range real {
		key := m.path + "@" + m.version
		if _, dup := db.realIndex[key]; dup {
			return nil, fmt.Errorf("%s appears twice", key)
		}
		db.realIndex[key] = db.fillerN + int64(i)
	}
	size := db.fillerN + int64(len(real)) + synthetic
	if size == 0 {
		return nil, fmt.Errorf("the database would be empty")
	}

	var err error
	db.main, err = buildTree(size, db.record, nil, 0)
	if err != nil {
		return nil, err
	}
	db.main.lookup = db.lookupMain
	if db.mainSigned, err = db.main.sign(keys.signer); err != nil {
		return nil, err
	}
	if db.wrongSigned, err = db.main.sign(keys.wrongSigner); err != nil {
		return nil, err
	}

	// The forked tree: the first non-filler record gets another zip hash,
	// and one record is appended. Records before the changed one keep
	// their hashes, so that part of the main tree's hashes is shared.
	db.forkedID = db.fillerN
	if db.forkedID >= size {
		db.forkedID = 0
	}
	changed := db.record(db.forkedID)
	first, rest, _ := strings.Cut(string(changed), "\n")
	fields := strings.Fields(first)
	fields[2] = fakeHash("forked", fields[0], fields[1])
	changed = []byte(strings.Join(fields, " ") + "\n" + rest)
	extra := fakeRecord(forkedExtraPath, forkedExtraVer).text()
	forkedText := func(id int64) []byte {
		switch id {
		case db.forkedID:
			return changed
		case size:
			return extra
		}
		return db.record(id)
	}
	prefix := db.main.hashes.own[:tlog.StoredHashCount(db.forkedID)]
	db.forked, err = buildTree(size+1, forkedText, prefix, db.forkedID)
	if err != nil {
		return nil, err
	}
	db.forked.lookup = func(path, version string) (int64, bool) {
		if path == forkedExtraPath && version == forkedExtraVer {
			return size, true
		}
		return db.lookupMain(path, version)
	}
	if db.forkedSigned, err = db.forked.sign(keys.signer); err != nil {
		return nil, err
	}
	return db, nil
}

// record returns the text of main-tree record id (0 <= id < size).
func (db *database) record(id int64) []byte {
	if id < db.fillerN {
		return fakeRecord(fillerPrefix+strconv.FormatInt(id, 10), fillerVersion).text()
	}
	id -= db.fillerN
	if id < int64(len(db.real)) {
		return db.real[id].text()
	}
	id -= int64(len(db.real))
	path := synthPrefix + strconv.FormatInt(id/synthPerModule, 10)
	version := synthVersionPre + strconv.FormatInt(id%synthPerModule, 10)
	return fakeRecord(path, version).text()
}

// parseCounter parses a canonical decimal number (no sign, no leading zeros).
func parseCounter(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
		return 0, false
	}
	return n, true
}

// lookupMain returns the main-tree record id for a module version.
func (db *database) lookupMain(path, version string) (int64, bool) {
	if id, ok := db.realIndex[path+"@"+version]; ok {
		return id, true
	}
	if s, ok := strings.CutPrefix(path, fillerPrefix); ok && version == fillerVersion {
		if i, ok := parseCounter(s); ok && i < db.fillerN {
			return i, true
		}
	}
	if s, ok := strings.CutPrefix(path, synthPrefix); ok {
		i, ok1 := parseCounter(s)
		vs, ok2 := strings.CutPrefix(version, synthVersionPre)
		j, ok3 := parseCounter(vs)
		if ok1 && ok2 && ok3 && j < synthPerModule && i <= (db.synthN-j)/synthPerModule {
			k := i*synthPerModule + j
			if k < db.synthN {
				return db.fillerN + int64(len(db.real)) + k, true
			}
		}
	}
	return 0, false
}

// recordPath is the module path of the first line of a record.
func recordPath(text []byte) string {
	first, _, _ := strings.Cut(string(text), " ")
	return first
}

// otherRecord returns a main-tree record of a module other than path,
// preferring non-filler records after id (v/wrong-record).
func (db *database) otherRecord(id int64, found bool, path string) int64 {
	lo, size := db.fillerN, db.main.size
	if lo < size {
		start := lo
		if found && id >= lo {
			start = id + 1
		}
		for k := int64(0); k < size-lo && k < 4096; k++ {
			c := lo + (start-lo+k)%(size-lo)
			if recordPath(db.record(c)) != path {
				return c
			}
		}
	}
	return 0 // a filler record (or, without filler, the first record)
}

// writeGoSum writes every main-tree record's lines to file.
func (db *database) writeGoSum(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for id := int64(0); id < db.main.size; id++ {
		w.Write(db.record(id))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
