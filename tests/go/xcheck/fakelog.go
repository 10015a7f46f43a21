// A C2SP tlog-tiles log built entirely with x/mod, to test auditors (ours and zhifa's) against.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A fakeLog holds every resource of a log as a path -> bytes map.
type fakeLog struct {
	mu      sync.Mutex
	origin  string
	skey    string
	vkey    string
	entries [][]byte
	hashes  []tlog.Hash // x/mod stored-hash order
	files   map[string][]byte
	signed  map[int64][]byte // checkpoints signed so far, by size
}

// fakeEntry is a zhifa-entry/v1 shaped entry for index I of log SEED.
func fakeEntry(seed string, i int64) []byte {
	c := tlog.RecordHash([]byte(fmt.Sprintf("%s/%d", seed, i)))
	return []byte(fmt.Sprintf("zhifa-entry/v1\ntype officer_update\ntime 2026-03-05T06:30:%02dZ\nactor 0000000000000000\nrecord history:%d\ncommit %x\n",
		i%60, i+1, c[:]))
}

// newFakeLog makes a log ORIGIN of N entries generated from SEED, signed
// by the key of OTHER (another fake log) or by a fresh key when OTHER is nil.
func newFakeLog(origin string, other *fakeLog, seed string, n int64) (*fakeLog, error) {
	l := &fakeLog{origin: origin, files: map[string][]byte{}, signed: map[int64][]byte{}}
	if other == nil {
		s, v, err := note.GenerateKey(rand.Reader, origin)
		if err != nil {
			return nil, err
		}
		l.skey, l.vkey = s, v
	} else {
		l.skey, l.vkey = other.skey, other.vkey
	}
	if err := l.append(seed, n); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *fakeLog) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= int64(len(l.hashes)) {
			return nil, fmt.Errorf("hash %d not stored", x)
		}
		out[i] = l.hashes[x]
	}
	return out, nil
}

// append adds N entries, publishes the new tiles and bundles, and signs a
// checkpoint of the new size.
func (l *fakeLog) append(seed string, n int64) error {
	old := int64(len(l.entries))
	for i := old; i < old+n; i++ {
		e := fakeEntry(seed, i)
		hs, err := tlog.StoredHashes(i, e, l)
		if err != nil {
			return err
		}
		l.entries = append(l.entries, e)
		l.hashes = append(l.hashes, hs...)
	}
	size := int64(len(l.entries))
	for _, t := range tlog.NewTiles(tileHeight, old, size) {
		d, err := tlog.ReadTileData(t, l)
		if err != nil {
			return err
		}
		l.files[tilePath(t)] = d
		b := t
		b.L = -1
		if t.L == 0 {
			var bundle []byte
			for i := t.N << tileHeight; i < t.N<<tileHeight+int64(t.W); i++ {
				e := l.entries[i]
				bundle = append(bundle, byte(len(e)>>8), byte(len(e)))
				bundle = append(bundle, e...)
			}
			l.files[tilePath(b)] = bundle
		}
	}
	cp, err := l.sign(size, l.root(size))
	if err != nil {
		return err
	}
	l.files["checkpoint"] = cp
	l.signed[size] = cp
	return nil
}

// root is the RFC 6962 root of the first SIZE entries.
func (l *fakeLog) root(size int64) tlog.Hash {
	if size == 0 {
		return emptyRoot()
	}
	h, err := tlog.TreeHash(size, l)
	if err != nil {
		panic(err)
	}
	return h
}

// sign makes a checkpoint note for (SIZE, ROOT) with the log's key.
func (l *fakeLog) sign(size int64, root tlog.Hash) ([]byte, error) {
	s, err := note.NewSigner(l.skey)
	if err != nil {
		return nil, err
	}
	text := fmt.Sprintf("%s\n%d\n%s\n", l.origin, size, base64.StdEncoding.EncodeToString(root[:]))
	return note.Sign(&note.Note{Text: text}, s)
}

// proof is a c2sp.org/tlog-proof@v1 file for entry I against the current
// checkpoint, with the entry in the extra line when EXTRA.
func (l *fakeLog) proof(i int64, extra bool) ([]byte, error) {
	size := int64(len(l.entries))
	if i < 0 || i >= size {
		return nil, fmt.Errorf("no entry %d", i)
	}
	p, err := tlog.ProveRecord(size, i, l)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("c2sp.org/tlog-proof@v1\n")
	if extra {
		fmt.Fprintf(&b, "extra %s\n", base64.StdEncoding.EncodeToString(l.entries[i]))
	}
	fmt.Fprintf(&b, "index %d\n", i)
	for _, h := range p {
		fmt.Fprintf(&b, "%s\n", base64.StdEncoding.EncodeToString(h[:]))
	}
	b.WriteString("\n")
	b.Write(l.files["checkpoint"])
	return b.Bytes(), nil
}

// clone copies L with a files map of its own, to corrupt.
func (l *fakeLog) clone() *fakeLog {
	c := &fakeLog{origin: l.origin, skey: l.skey, vkey: l.vkey, entries: l.entries,
		hashes: l.hashes, files: map[string][]byte{}, signed: l.signed}
	for k, v := range l.files {
		c.files[k] = v
	}
	return c
}

// ServeHTTP serves the log under any prefix ending in /log/.
func (l *fakeLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := strings.Index(r.URL.Path, "/log/")
	if i < 0 {
		http.NotFound(w, r)
		return
	}
	p := r.URL.Path[i+len("/log/"):]
	if p == "key" {
		fmt.Fprintln(w, l.vkey)
		return
	}
	if strings.HasPrefix(p, "proof/") {
		var k int64
		if _, err := fmt.Sscanf(p, "proof/%d", &k); err == nil {
			if d, err := l.proof(k, true); err == nil {
				if f, ok := l.files[p]; ok { // an overridden (corrupted) proof
					d = f
				}
				w.Write(d)
				return
			}
		}
		http.NotFound(w, r)
		return
	}
	d, ok := l.files[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Write(d)
}
