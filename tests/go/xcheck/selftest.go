// Self-tests in TAP: the C2SP signed-note example, the tile layout of the tlog-tiles example, and an audit that must fail on each corruption.
package main

import (
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// The worked example of c2sp.org/signed-note (verifier key and note).
const (
	specVkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
	specNote = "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
)

// tap prints TAP lines and counts failures.
type tap struct {
	n, failed int
}

func (t *tap) check(name string, err error) {
	t.n++
	if err != nil {
		t.failed++
		fmt.Printf("not ok %d - %s\n#   %v\n", t.n, name, err)
		return
	}
	fmt.Printf("ok %d - %s\n", t.n, name)
}

// specExample verifies the spec's note and rejects every one-bit change of
// its signature and of its text.
func specExample() error {
	v, err := note.NewVerifier(specVkey)
	if err != nil {
		return err
	}
	if v.Name() != "example.com/foo" || v.KeyHash() != 0x530d903a {
		return fmt.Errorf("verifier key parsed as %s+%08x", v.Name(), v.KeyHash())
	}
	n, err := note.Open([]byte(specNote), note.VerifierList(v))
	if err != nil {
		return fmt.Errorf("spec note rejected: %v", err)
	}
	if n.Text != "This is an example message.\n" || len(n.Sigs) != 1 {
		return fmt.Errorf("spec note opened as %q with %d signatures", n.Text, len(n.Sigs))
	}
	line := strings.LastIndex(specNote, " ") + 1
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(specNote[line:]))
	if err != nil {
		return err
	}
	for bit := 0; bit < 8*len(sig); bit++ {
		s := append([]byte(nil), sig...)
		s[bit/8] ^= 1 << uint(bit%8)
		msg := specNote[:line] + base64.StdEncoding.EncodeToString(s) + "\n"
		if _, err := note.Open([]byte(msg), note.VerifierList(v)); err == nil {
			return fmt.Errorf("signature with bit %d flipped accepted", bit)
		}
	}
	text := "This is an example message.\n"
	for bit := 0; bit < 8*len(text); bit++ {
		s := []byte(text)
		s[bit/8] ^= 1 << uint(bit%8)
		msg := string(s) + specNote[len(text):]
		if _, err := note.Open([]byte(msg), note.VerifierList(v)); err == nil {
			return fmt.Errorf("text with bit %d flipped accepted", bit)
		}
	}
	return nil
}

// tileLayout checks the tiles x/mod publishes for 70,000 entries against
// the worked example of c2sp.org/tlog-tiles: 273 full level-0 tiles, a
// level-0 tile of width 112, one full level-1 tile, a level-1 tile of width
// 17 and a level-2 tile of width 1.
func tileLayout() error {
	full := map[int]int{}
	part := map[int]int{}
	for _, t := range tlog.NewTiles(tileHeight, 0, 70000) {
		if t.W == 1<<tileHeight {
			full[t.L]++
		} else if t.W > part[t.L] {
			part[t.L] = t.W
		}
	}
	got := fmt.Sprintf("full %v, partial %v", full, part)
	if want := "full map[0:273 1:1], partial map[0:112 1:17 2:1]"; got != want {
		return fmt.Errorf("tiles %s, spec says %s", got, want)
	}
	if p := tilePath(tlog.Tile{H: 8, L: 4, N: 1234067, W: 256}); p != "tile/4/x001/x234/067" {
		return fmt.Errorf("path %s", p)
	}
	if p := tilePath(tlog.Tile{H: 8, L: -1, N: 273, W: 112}); p != "tile/entries/273.p/112" {
		return fmt.Errorf("path %s", p)
	}
	return nil
}

// quiet discards an audit's progress lines.
func quiet(string, ...interface{}) {}

// auditFake runs an audit of L over HTTP; OPTS as given.
func auditFake(l *fakeLog, o auditOptions) error {
	srv := httptest.NewServer(l)
	defer srv.Close()
	a, err := newAuditor(srv.URL+"/log", l.vkey, quiet)
	if err != nil {
		return err
	}
	return a.audit(o)
}

// mustFail turns an audit that passed into an error.
func mustFail(err error, what string) error {
	if err == nil {
		return fmt.Errorf("audit accepted %s", what)
	}
	return nil
}

// flipped copies file P of L with bit BIT of byte I flipped.
func flipped(l *fakeLog, p string, i, bit int) error {
	d, ok := l.files[p]
	if !ok || i >= len(d) {
		return fmt.Errorf("no byte %d in %s", i, p)
	}
	d = append([]byte(nil), d...)
	d[i] ^= 1 << uint(bit)
	l.files[p] = d
	return nil
}

func selftest() int {
	var t tap
	t.check("c2sp signed-note example verifies; one-bit changes of signature and text rejected", specExample())
	t.check("tile layout of 70,000 entries is the tlog-tiles worked example; C2SP paths", tileLayout())

	dir, err := os.MkdirTemp("", "xcheck-")
	if err != nil {
		t.check("temporary folder", err)
		return 1
	}
	defer os.RemoveAll(dir)
	since := filepath.Join(dir, "since")
	l, err := newFakeLog("xcheck.example/log", nil, "a", 1000)
	if err == nil {
		err = os.WriteFile(since, l.files["checkpoint"], 0o600)
	}
	if err == nil {
		err = l.append("a", 69000)
	}
	t.check("x/mod builds a log of 70,000 entries", err)
	if err != nil {
		return 1
	}
	ok := auditOptions{since: since, proofs: 3, flip: true, extra: "entry", seed: 1}
	t.check("audit of a correct log passes (tiles, entries, consistency, proofs, bit flips rejected)", auditFake(l, ok))

	type corruption struct {
		name string
		do   func(c *fakeLog) (auditOptions, error)
	}
	plain := auditOptions{since: since, proofs: 2, extra: "entry", seed: 2}
	cases := []corruption{
		{"a bit of a full level-0 tile", func(c *fakeLog) (auditOptions, error) {
			return plain, flipped(c, "tile/0/100", 3000, 2)
		}},
		{"a bit of the partial level-0 tile", func(c *fakeLog) (auditOptions, error) {
			return plain, flipped(c, "tile/0/273.p/112", 31, 7)
		}},
		{"a bit of the level-1 tile", func(c *fakeLog) (auditOptions, error) {
			return plain, flipped(c, "tile/1/000", 5000, 0)
		}},
		{"a bit of the level-2 tile", func(c *fakeLog) (auditOptions, error) {
			return plain, flipped(c, "tile/2/000.p/1", 0, 0)
		}},
		{"a byte of an entry in a bundle", func(c *fakeLog) (auditOptions, error) {
			return plain, flipped(c, "tile/entries/005", 40, 1)
		}},
		{"an extra entry at the end of a bundle", func(c *fakeLog) (auditOptions, error) {
			c.files["tile/entries/273.p/112"] = append(append([]byte(nil), c.files["tile/entries/273.p/112"]...), 0, 1, 'x')
			return plain, nil
		}},
		{"the partial tile not served", func(c *fakeLog) (auditOptions, error) {
			delete(c.files, "tile/0/273.p/112")
			return plain, nil
		}},
		{"a checkpoint signed by another key of the same name", func(c *fakeLog) (auditOptions, error) {
			o, err := newFakeLog(c.origin, nil, "a", 70000)
			if err == nil {
				c.files["checkpoint"] = o.files["checkpoint"]
			}
			return plain, err
		}},
		{"a checkpoint of size 0 with x/mod's all-zero root", func(c *fakeLog) (auditOptions, error) {
			cp, err := c.sign(0, tlog.Hash{})
			c.files["checkpoint"] = cp
			return auditOptions{}, err
		}},
		{"a saved checkpoint from a fork (same key, other entries)", func(c *fakeLog) (auditOptions, error) {
			o, err := newFakeLog(c.origin, c, "b", 1000)
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, "fork"), o.files["checkpoint"], 0o600)
			}
			return auditOptions{since: filepath.Join(dir, "fork")}, err
		}},
		{"a saved checkpoint larger than the log (rolled back)", func(c *fakeLog) (auditOptions, error) {
			o, err := newFakeLog(c.origin, c, "a", 70001)
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, "later"), o.files["checkpoint"], 0o600)
			}
			return auditOptions{since: filepath.Join(dir, "later")}, err
		}},
		{"a saved checkpoint of the same size with another root", func(c *fakeLog) (auditOptions, error) {
			o, err := newFakeLog(c.origin, c, "b", 70000)
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, "same"), o.files["checkpoint"], 0o600)
			}
			return auditOptions{since: filepath.Join(dir, "same")}, err
		}},
		{"an inclusion proof with one bit flipped", func(c *fakeLog) (auditOptions, error) {
			p, err := c.proof(0, true)
			if err != nil {
				return plain, err
			}
			i := strings.Index(string(p), "index 0\n") + len("index 0\n") + 5
			p[i] ^= 1
			c.files["proof/0"] = p
			return plain, nil
		}},
		{"the proof of another entry", func(c *fakeLog) (auditOptions, error) {
			p, err := c.proof(1, true)
			c.files["proof/0"] = []byte(strings.Replace(string(p), "index 1\n", "index 0\n", 1))
			return plain, err
		}},
	}
	for _, k := range cases {
		c := l.clone()
		o, err := k.do(c)
		if err == nil {
			err = mustFail(auditFake(c, o), k.name)
		}
		t.check("audit rejects "+k.name, err)
	}
	fmt.Printf("1..%d\n", t.n)
	if t.failed > 0 {
		return 1
	}
	return 0
}
