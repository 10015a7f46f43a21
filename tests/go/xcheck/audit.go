// Audits a C2SP tlog-tiles log over HTTP with golang.org/x/mod's sumdb/note and sumdb/tlog.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is fixed at 8 by C2SP tlog-tiles (256 hashes per tile).
const tileHeight = 8

// b64 is strict standard base64: the unused bits of the last character must
// be zero, so one hash has exactly one text form and a flipped bit there is
// not silently ignored.
var b64 = base64.StdEncoding.Strict()

// A checkpoint is an opened (signature-verified) C2SP tlog-checkpoint.
type checkpoint struct {
	origin string
	tree   tlog.Tree
	raw    []byte // the whole signed note as served
}

// emptyRoot is RFC 6962's MTH({}) = SHA-256(""). (x/mod's TreeHash calls the
// empty tree's hash all zeros; C2SP checkpoints carry the RFC value.)
func emptyRoot() tlog.Hash {
	return tlog.Hash(sha256.Sum256(nil))
}

// parseCheckpoint parses a checkpoint note text by the C2SP rules: origin,
// decimal size without leading zeros, base64 root of 32 bytes, then
// optional non-empty extension lines. x/mod's tlog.ParseTree only accepts
// Go's own "go.sum database tree" origin, so this parser is our own.
func parseCheckpoint(text string) (origin string, size int64, root tlog.Hash, err error) {
	bad := func(why string) error { return fmt.Errorf("malformed checkpoint: %s", why) }
	if !strings.HasSuffix(text, "\n") {
		return "", 0, root, bad("text does not end in a newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return "", 0, root, bad("fewer than three lines")
	}
	origin = lines[0]
	if origin == "" || strings.ContainsAny(origin, " +\t") {
		return "", 0, root, bad("origin line empty or with a space or '+'")
	}
	s := lines[1]
	if s == "" || (len(s) > 1 && s[0] == '0') || strings.TrimLeft(s, "0123456789") != "" {
		return "", 0, root, bad("tree size not a canonical decimal")
	}
	size, err = strconv.ParseInt(s, 10, 64)
	if err != nil {
		return "", 0, root, bad("tree size out of range")
	}
	h, err := b64.DecodeString(lines[2])
	if err != nil || len(h) != tlog.HashSize {
		return "", 0, root, bad("root hash not base64 of 32 bytes")
	}
	copy(root[:], h)
	for _, l := range lines[3:] {
		if l == "" {
			return "", 0, root, bad("empty extension line")
		}
	}
	return origin, size, root, nil
}

// openCheckpoint verifies RAW's signature with V (note.Open) and parses it.
// The log's key name must equal the origin, as zhifa's design (and
// tlog-checkpoint's SHOULD) has it.
func openCheckpoint(raw []byte, v note.Verifier) (checkpoint, error) {
	if err := canonicalSignatures(raw); err != nil {
		return checkpoint{}, err
	}
	n, err := note.Open(raw, note.VerifierList(v))
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint signature: %v", err)
	}
	origin, size, root, err := parseCheckpoint(n.Text)
	if err != nil {
		return checkpoint{}, err
	}
	if origin != v.Name() {
		return checkpoint{}, fmt.Errorf("checkpoint origin %q is not the key name %q", origin, v.Name())
	}
	if size == 0 && root != emptyRoot() {
		return checkpoint{}, errors.New("checkpoint of size 0 without the empty-tree root SHA-256(\"\")")
	}
	return checkpoint{origin: origin, tree: tlog.Tree{N: size, Hash: root}, raw: raw}, nil
}

// canonicalSignatures requires strict base64 in every signature line of a
// note. x/mod's note.Open decodes leniently, so the two unused bits of the
// last character of an Ed25519 signature line can be flipped without
// changing the signature: one signed checkpoint would have four spellings.
func canonicalSignatures(raw []byte) error {
	split := bytes.LastIndex(raw, []byte("\n\n"))
	if split < 0 {
		return errors.New("malformed note: no signature block")
	}
	for _, l := range strings.Split(strings.TrimSuffix(string(raw[split+2:]), "\n"), "\n") {
		sp := strings.LastIndexByte(l, ' ')
		if sp < 0 {
			return errors.New("malformed note: signature line without a space")
		}
		if _, err := b64.DecodeString(l[sp+1:]); err != nil {
			return errors.New("malformed note: signature not in canonical base64")
		}
	}
	return nil
}

// A tlogProof is a parsed c2sp.org/tlog-proof@v1 file.
type tlogProof struct {
	extra    []byte // nil when the file has no extra line
	hasExtra bool
	index    int64
	path     tlog.RecordProof
	cpRaw    []byte // the checkpoint, verbatim
}

// parseProof parses a c2sp.org/tlog-proof@v1 file strictly.
func parseProof(raw []byte) (tlogProof, error) {
	var p tlogProof
	bad := func(why string) error { return fmt.Errorf("malformed tlog-proof: %s", why) }
	cut := bytes.Index(raw, []byte("\n\n"))
	if cut < 0 {
		return p, bad("no empty line before the checkpoint")
	}
	head := strings.Split(string(raw[:cut]), "\n")
	p.cpRaw = raw[cut+2:]
	if head[0] != "c2sp.org/tlog-proof@v1" {
		return p, bad("first line is not c2sp.org/tlog-proof@v1")
	}
	i := 1
	if i < len(head) && strings.HasPrefix(head[i], "extra ") {
		e, err := b64.DecodeString(strings.TrimPrefix(head[i], "extra "))
		if err != nil {
			return p, bad("extra is not base64")
		}
		p.extra, p.hasExtra = e, true
		i++
	}
	if i >= len(head) || !strings.HasPrefix(head[i], "index ") {
		return p, bad("no index line")
	}
	s := strings.TrimPrefix(head[i], "index ")
	if s == "" || (len(s) > 1 && s[0] == '0') || strings.TrimLeft(s, "0123456789") != "" {
		return p, bad("index not a canonical decimal")
	}
	idx, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return p, bad("index out of range")
	}
	p.index = idx
	for _, l := range head[i+1:] {
		h, err := b64.DecodeString(l)
		if err != nil || len(h) != tlog.HashSize {
			return p, bad("a proof line is not base64 of 32 bytes")
		}
		var x tlog.Hash
		copy(x[:], h)
		p.path = append(p.path, x)
	}
	return p, nil
}

// tilePath maps an x/mod tile (height 8) to its C2SP tlog-tiles path:
// tile/8/L/N[.p/W] -> tile/L/N[.p/W], tile/8/data/N -> tile/entries/N.
func tilePath(t tlog.Tile) string {
	p := "tile/" + strings.TrimPrefix(t.Path(), "tile/8/")
	if strings.HasPrefix(p, "tile/data/") {
		p = "tile/entries/" + strings.TrimPrefix(p, "tile/data/")
	}
	return p
}

// An auditor fetches a log's resources and keeps what it has verified.
type auditor struct {
	base     string // the log's prefix URL, no trailing slash
	v        note.Verifier
	client   *http.Client
	cache    map[string][]byte
	requests int
	say      func(format string, args ...interface{})
	leaves   []tlog.Hash // leaf hashes authenticated by the audit, in order
	entries  map[int64][]byte
}

func newAuditor(base, vkey string, say func(string, ...interface{})) (*auditor, error) {
	v, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		return nil, fmt.Errorf("verifier key: %v", err)
	}
	return &auditor{
		base:    strings.TrimSuffix(base, "/"),
		v:       v,
		client:  &http.Client{Timeout: 30 * time.Second},
		cache:   map[string][]byte{},
		say:     say,
		entries: map[int64][]byte{},
	}, nil
}

// errNotFound marks a 404 answer.
var errNotFound = errors.New("404 not found")

// get fetches PATH below the log's prefix; 200 only.
func (a *auditor) get(path string) ([]byte, error) {
	a.requests++
	resp, err := a.client.Get(a.base + "/" + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil, fmt.Errorf("%s: %w", path, errNotFound)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %d", path, resp.StatusCode)
	}
	return body, nil
}

// checkpoint fetches and opens the log's current checkpoint.
func (a *auditor) checkpoint() (checkpoint, error) {
	raw, err := a.get("checkpoint")
	if err != nil {
		return checkpoint{}, err
	}
	return openCheckpoint(raw, a.v)
}

// tile fetches tile T (hash tile or entry bundle) by its C2SP path. A
// partial tile that is no longer served (tlog-tiles lets a log delete it
// once wider data exists) is cut from a wider one, but only when a newly
// fetched checkpoint shows the log has grown past it.
func (a *auditor) tile(t tlog.Tile) ([]byte, error) {
	p := tilePath(t)
	if d, ok := a.cache[p]; ok {
		return d, nil
	}
	d, err := a.get(p)
	if errors.Is(err, errNotFound) && t.W < 1<<tileHeight {
		cp, cerr := a.checkpoint()
		if cerr != nil {
			return nil, cerr
		}
		level := t.L
		if level < 0 {
			level = 0
		}
		have := cp.tree.N >> uint(tileHeight*level)
		w := have - t.N<<tileHeight
		if w <= int64(t.W) {
			return nil, err
		}
		wide := t
		wide.W = 1 << tileHeight
		if w < int64(wide.W) {
			wide.W = int(w)
		}
		d, err = a.get(tilePath(wide))
		if err == nil && t.L >= 0 {
			if len(d) < t.W*tlog.HashSize {
				return nil, fmt.Errorf("%s: short tile", tilePath(wide))
			}
			d = d[:t.W*tlog.HashSize]
		} else if err == nil {
			d, err = bundlePrefix(d, t.W)
		}
	}
	if err != nil {
		return nil, err
	}
	a.cache[p] = d
	return d, nil
}

// Height, ReadTiles and SaveTiles make the auditor an x/mod tlog.TileReader.
func (a *auditor) Height() int { return tileHeight }

func (a *auditor) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		d, err := a.tile(t)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

func (a *auditor) SaveTiles([]tlog.Tile, [][]byte) {}

// parseBundle splits a C2SP entry bundle (big-endian uint16 length-prefixed
// entries) into exactly WANT entries; anything left over is an error.
func parseBundle(d []byte, want int) ([][]byte, error) {
	var out [][]byte
	for len(d) > 0 {
		if len(d) < 2 {
			return nil, errors.New("entry bundle: truncated length prefix")
		}
		n := int(d[0])<<8 | int(d[1])
		if len(d)-2 < n {
			return nil, errors.New("entry bundle: entry runs past the end")
		}
		out = append(out, d[2:2+n])
		d = d[2+n:]
	}
	if len(out) != want {
		return nil, fmt.Errorf("entry bundle: %d entries, expected %d", len(out), want)
	}
	return out, nil
}

// bundlePrefix is the first W entries of bundle D, re-encoded.
func bundlePrefix(d []byte, w int) ([]byte, error) {
	var out []byte
	for i := 0; i < w; i++ {
		if len(d) < 2 || len(d)-2 < int(d[0])<<8|int(d[1]) {
			return nil, errors.New("entry bundle: too few entries for a prefix")
		}
		n := 2 + (int(d[0])<<8 | int(d[1]))
		out = append(out, d[:n]...)
		d = d[n:]
	}
	return out, nil
}

// auditOptions say what an audit checks beyond the checkpoint and the tree.
type auditOptions struct {
	since   string // file with an earlier checkpoint, or ""
	save    string // where to write the checkpoint audited, or ""
	proofs  int    // inclusion proofs to fetch from proof/<i>
	flip    bool   // also check that every one-bit corruption is rejected
	extra   string // "entry": a proof's extra line, when present, must be the entry
	seed    int64
	noProof bool // the log serves no proof/<i>
}

// audit checks the log at A: signature, tiles rebuild the root, every entry
// hashes to its authenticated leaf, inclusion proofs, consistency with an
// earlier checkpoint. Returns the first failure.
func (a *auditor) audit(o auditOptions) error {
	cp, err := a.checkpoint()
	if err != nil {
		return err
	}
	a.say("checkpoint: origin %s, size %d, root %s: signature verified by %s+%08x (x/mod note.Open)",
		cp.origin, cp.tree.N, cp.tree.Hash, a.v.Name(), a.v.KeyHash())
	if o.save != "" {
		if err := os.WriteFile(o.save, cp.raw, 0o600); err != nil {
			return err
		}
	}
	N := cp.tree.N
	var hr tlog.HashReader
	if N > 0 {
		hr = tlog.TileHashReader(cp.tree, a)
		th, err := tlog.TreeHash(N, hr)
		if err != nil {
			return fmt.Errorf("tiles: %v", err)
		}
		if th != cp.tree.Hash {
			return fmt.Errorf("tiles rebuild root %s, checkpoint says %s", th, cp.tree.Hash)
		}
		a.say("tiles: the hash tiles rebuild the checkpoint's root (x/mod TileHashReader, TreeHash)")
		if err := a.auditEntries(cp.tree, hr); err != nil {
			return err
		}
		a.say("entries: all %d entries of the bundles hash to their authenticated level-0 hashes (%d tiles fetched)", N, len(a.cache))
	}
	if o.since != "" {
		if err := a.auditSince(cp, hr, o); err != nil {
			return err
		}
	}
	if o.proofs > 0 && N > 0 && !o.noProof {
		if err := a.auditProofs(cp, o); err != nil {
			return err
		}
	}
	return nil
}

// auditEntries reads every level-0 hash through the authenticating tile
// reader and checks each bundle entry's RecordHash against it.
func (a *auditor) auditEntries(tree tlog.Tree, hr tlog.HashReader) error {
	N := tree.N
	a.leaves = make([]tlog.Hash, 0, N)
	for n := int64(0); n<<tileHeight < N; n++ {
		w := N - n<<tileHeight
		if w > 1<<tileHeight {
			w = 1 << tileHeight
		}
		idx := make([]int64, w)
		for i := range idx {
			idx[i] = tlog.StoredHashIndex(0, n<<tileHeight+int64(i))
		}
		hs, err := hr.ReadHashes(idx)
		if err != nil {
			return fmt.Errorf("level-0 tile %d: %v", n, err)
		}
		t := tlog.Tile{H: tileHeight, L: -1, N: n, W: int(w)}
		d, err := a.tile(t)
		if err != nil {
			return err
		}
		es, err := parseBundle(d, int(w))
		if err != nil {
			return fmt.Errorf("%s: %v", tilePath(t), err)
		}
		for i, e := range es {
			k := n<<tileHeight + int64(i)
			if tlog.RecordHash(e) != hs[i] {
				return fmt.Errorf("entry %d (%s): its hash is not the leaf hash of the tiles", k, tilePath(t))
			}
			a.entries[k] = e
		}
		a.leaves = append(a.leaves, hs...)
	}
	return nil
}

// readCheckpointFile opens a saved checkpoint.
func (a *auditor) readCheckpointFile(path string) (checkpoint, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return checkpoint{}, err
	}
	return openCheckpoint(raw, a.v)
}

// consistent checks with x/mod's ProveTree (hashes read through the
// authenticating tile reader of NEW) and CheckTree that OLD is a prefix of NEW.
func consistent(old, cur checkpoint, hr tlog.HashReader) (tlog.TreeProof, error) {
	switch {
	case old.tree.N > cur.tree.N:
		return nil, fmt.Errorf("the log shrank: saved checkpoint has %d entries, the log now %d (rolled back?)", old.tree.N, cur.tree.N)
	case old.tree.N == cur.tree.N:
		if old.tree.Hash != cur.tree.Hash {
			return nil, fmt.Errorf("the log forked: at size %d the saved root is %s, now %s", old.tree.N, old.tree.Hash, cur.tree.Hash)
		}
		return nil, nil
	case old.tree.N == 0:
		return nil, nil
	}
	p, err := tlog.ProveTree(cur.tree.N, old.tree.N, hr)
	if err != nil {
		return nil, fmt.Errorf("consistency proof %d -> %d: %v", old.tree.N, cur.tree.N, err)
	}
	if err := tlog.CheckTree(p, cur.tree.N, cur.tree.Hash, old.tree.N, old.tree.Hash); err != nil {
		return nil, fmt.Errorf("the log forked: tree of size %d is not a prefix of the tree of size %d (%v)", old.tree.N, cur.tree.N, err)
	}
	return p, nil
}

func (a *auditor) auditSince(cp checkpoint, hr tlog.HashReader, o auditOptions) error {
	old, err := a.readCheckpointFile(o.since)
	if err != nil {
		return fmt.Errorf("saved checkpoint %s: %v", o.since, err)
	}
	p, err := consistent(old, cp, hr)
	if err != nil {
		return err
	}
	a.say("consistency: the saved checkpoint (size %d) is a prefix of the log (size %d); proof of %d hashes (x/mod ProveTree, CheckTree)",
		old.tree.N, cp.tree.N, len(p))
	if o.flip && len(p) > 0 {
		n := 0
		for i := range p {
			for bit := 0; bit < 8*tlog.HashSize; bit++ {
				q := append(tlog.TreeProof(nil), p...)
				q[i][bit/8] ^= 1 << uint(bit%8)
				if tlog.CheckTree(q, cp.tree.N, cp.tree.Hash, old.tree.N, old.tree.Hash) == nil {
					return fmt.Errorf("consistency proof with bit %d of hash %d flipped was accepted", bit, i)
				}
				n++
			}
		}
		a.say("consistency: all %d one-bit corruptions of the proof rejected", n)
	}
	return nil
}

// proofIndexes picks K distinct indexes below N: the first, the last, the
// middle, then random ones.
func proofIndexes(N int64, k int, seed int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	add := func(i int64) {
		if i >= 0 && i < N && !seen[i] && len(out) < k {
			seen[i] = true
			out = append(out, i)
		}
	}
	add(0)
	add(N - 1)
	add(N / 2)
	r := rand.New(rand.NewSource(seed))
	for tries := 0; len(out) < k && int64(len(out)) < N && tries < 100*k; tries++ {
		add(r.Int63n(N))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// verifyProofFile runs the whole offline check of a tlog-proof file against
// the leaf hashes the audit authenticated: parse, signature, extra, path.
func (a *auditor) verifyProofFile(raw []byte, extraMode string) (tlogProof, checkpoint, error) {
	p, err := parseProof(raw)
	if err != nil {
		return p, checkpoint{}, err
	}
	pc, err := openCheckpoint(p.cpRaw, a.v)
	if err != nil {
		return p, pc, fmt.Errorf("proof's checkpoint: %v", err)
	}
	if p.index >= int64(len(a.leaves)) || p.index >= pc.tree.N {
		return p, pc, fmt.Errorf("proof index %d beyond the audited log", p.index)
	}
	leaf := a.leaves[p.index]
	if p.hasExtra && extraMode == "entry" && tlog.RecordHash(p.extra) != leaf {
		return p, pc, fmt.Errorf("proof's extra line is not entry %d", p.index)
	}
	if err := tlog.CheckRecord(p.path, pc.tree.N, pc.tree.Hash, p.index, leaf); err != nil {
		return p, pc, fmt.Errorf("inclusion proof of entry %d: %v", p.index, err)
	}
	return p, pc, nil
}

func (a *auditor) auditProofs(cp checkpoint, o auditOptions) error {
	idx := proofIndexes(cp.tree.N, o.proofs, o.seed)
	flips, extras := 0, 0
	for _, i := range idx {
		raw, err := a.get(fmt.Sprintf("proof/%d", i))
		if err != nil {
			return err
		}
		p, pc, err := a.verifyProofFile(raw, o.extra)
		if err != nil {
			return fmt.Errorf("proof/%d: %v", i, err)
		}
		if p.index != i {
			return fmt.Errorf("proof/%d: the file names index %d", i, p.index)
		}
		if p.hasExtra && bytes.Equal(p.extra, a.entries[i]) {
			extras++
		}
		// The proof is against the log's latest checkpoint, which may have
		// grown since the audit began: the audited one must be its prefix.
		phr := tlog.TileHashReader(pc.tree, a)
		if _, err := consistent(cp, pc, phr); err != nil {
			return fmt.Errorf("proof/%d: its checkpoint: %v", i, err)
		}
		// x/mod builds the same proof from the tiles: ours is the canonical path.
		want, err := tlog.ProveRecord(pc.tree.N, i, phr)
		if err != nil {
			return fmt.Errorf("proof/%d: x/mod ProveRecord: %v", i, err)
		}
		if len(want) != len(p.path) {
			return fmt.Errorf("proof/%d: %d hashes, x/mod's proof has %d", i, len(p.path), len(want))
		}
		for j := range want {
			if want[j] != p.path[j] {
				return fmt.Errorf("proof/%d: hash %d differs from x/mod's ProveRecord", i, j)
			}
		}
		if o.flip {
			n, err := a.flipProof(raw, p, pc, o.extra)
			if err != nil {
				return fmt.Errorf("proof/%d: %v", i, err)
			}
			flips += n
		}
	}
	a.say("proofs: %d inclusion proofs (indexes %v) accepted by x/mod CheckRecord and equal to x/mod ProveRecord; %d carry the entry in their extra line",
		len(idx), idx, extras)
	if o.flip {
		a.say("proofs: all %d one-bit corruptions of the proof files and paths rejected", flips)
	}
	return nil
}

// flipProof checks that every one-bit change of the proof's hashes, of the
// leaf and of the root, and of every byte of the proof file (except the
// unauthenticated extra line unless it must be the entry) is rejected.
func (a *auditor) flipProof(raw []byte, p tlogProof, pc checkpoint, extraMode string) (int, error) {
	n := 0
	leaf := a.leaves[p.index]
	for j := range p.path {
		for bit := 0; bit < 8*tlog.HashSize; bit++ {
			q := append(tlog.RecordProof(nil), p.path...)
			q[j][bit/8] ^= 1 << uint(bit%8)
			if tlog.CheckRecord(q, pc.tree.N, pc.tree.Hash, p.index, leaf) == nil {
				return n, fmt.Errorf("path hash %d with bit %d flipped accepted", j, bit)
			}
			n++
		}
	}
	for bit := 0; bit < 8*tlog.HashSize; bit++ {
		l, r := leaf, pc.tree.Hash
		l[bit/8] ^= 1 << uint(bit%8)
		r[bit/8] ^= 1 << uint(bit%8)
		if tlog.CheckRecord(p.path, pc.tree.N, pc.tree.Hash, p.index, l) == nil ||
			tlog.CheckRecord(p.path, pc.tree.N, r, p.index, leaf) == nil {
			return n, fmt.Errorf("leaf or root with bit %d flipped accepted", bit)
		}
		n += 2
	}
	if len(p.path) > 0 {
		if tlog.CheckRecord(p.path[1:], pc.tree.N, pc.tree.Hash, p.index, leaf) == nil ||
			tlog.CheckRecord(p.path[:len(p.path)-1], pc.tree.N, pc.tree.Hash, p.index, leaf) == nil {
			return n, errors.New("a proof with a hash removed accepted")
		}
	}
	if tlog.CheckRecord(append(append(tlog.RecordProof(nil), p.path...), leaf), pc.tree.N, pc.tree.Hash, p.index, leaf) == nil {
		return n, errors.New("a proof with a hash added accepted")
	}
	n += 2
	lo, hi := -1, -1
	if p.hasExtra && extraMode != "entry" {
		lo = bytes.Index(raw, []byte("\nextra "))
		hi = lo + 1 + bytes.IndexByte(raw[lo+1:], '\n')
	}
	for i := range raw {
		if i > lo && i < hi {
			continue
		}
		for bit := 0; bit < 8; bit++ {
			q := append([]byte(nil), raw...)
			q[i] ^= 1 << uint(bit)
			if _, _, err := a.verifyProofFile(q, extraMode); err == nil {
				return n, fmt.Errorf("proof file with bit %d of byte %d flipped accepted (%q -> %q)", bit, i, raw[i:], q[i:])
			}
			n++
		}
	}
	return n, nil
}
