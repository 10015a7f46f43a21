// Command xcheck checks zhifa's record log with golang.org/x/mod's sumdb/note and sumdb/tlog, code nobody on zhifa wrote.
//
// Built in GOPATH mode from Debian's golang-golang-x-mod-dev, offline:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off GOPROXY=off go build -o build/go/xcheck ./tests/go/xcheck
//
// Modes:
//
//	xcheck audit -url PREFIX -vkey VKEY [-since FILE] [-save FILE] [-proofs K] [-flip] [-extra entry|ignore]
//	    audits the log served under PREFIX (e.g. http://127.0.0.1:8080/log):
//	    checkpoint signature (note.Open), our own checkpoint parser, tiles
//	    mapped to C2SP paths read through tlog.TileHashReader, tlog.TreeHash
//	    against the root, every bundle entry's tlog.RecordHash against its
//	    level-0 hash, K proof/<i> files checked with tlog.CheckRecord and
//	    compared with tlog.ProveRecord, consistency with a saved checkpoint
//	    (tlog.ProveTree, tlog.CheckTree). -flip also checks that every one-bit
//	    corruption of each proof is rejected. VKEY may be @FILE.
//	xcheck selftest
//	    TAP: the C2SP signed-note example, the tlog-tiles layout example, and
//	    audits of a log built with x/mod that must pass, and fail on each
//	    corruption.
//	xcheck fake -dir DIR [-n N] [-old M] [-corrupt KIND]
//	    builds a log of N entries with x/mod (after signing one of M entries)
//	    and serves it on 127.0.0.1 until standard input closes; prints the
//	    log's URL. DIR gets vkey, old.checkpoint, and for a few indexes i
//	    proof.<i> (tlog-proof with the entry as extra), proof-bare.<i>
//	    (without extra) and entry.<i>: what zhifa's own `log check` and
//	    `log prove` are tested against. KIND: tile (a bit of a level-0 tile),
//	    entry (a byte of an entry), sig (checkpoint signed by another key of
//	    the same name), fork (old.checkpoint from other entries), rollback
//	    (old.checkpoint one entry larger than the log).
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

func usage() {
	fmt.Fprintln(os.Stderr, "usage: xcheck audit -url PREFIX -vkey VKEY [-since FILE] [-save FILE] [-proofs K] [-flip] [-extra entry|ignore]")
	fmt.Fprintln(os.Stderr, "       xcheck selftest")
	fmt.Fprintln(os.Stderr, "       xcheck fake -dir DIR [-n N] [-old M] [-corrupt tile|entry|sig|fork|rollback]")
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "audit":
		os.Exit(cmdAudit(os.Args[2:]))
	case "selftest":
		os.Exit(selftest())
	case "fake":
		os.Exit(cmdFake(os.Args[2:]))
	}
	usage()
}

func cmdAudit(args []string) int {
	fs := flag.NewFlagSet("audit", flag.ExitOnError)
	url := fs.String("url", "", "the log's prefix URL (where checkpoint is)")
	vkey := fs.String("vkey", "", "verifier key, or @FILE")
	var o auditOptions
	fs.StringVar(&o.since, "since", "", "a saved earlier checkpoint")
	fs.StringVar(&o.save, "save", "", "write the audited checkpoint here")
	fs.IntVar(&o.proofs, "proofs", 8, "inclusion proofs to fetch")
	fs.BoolVar(&o.flip, "flip", false, "check that one-bit corruptions are rejected")
	fs.StringVar(&o.extra, "extra", "entry", "a proof's extra line: entry (must be the entry) or ignore")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the random proof indexes")
	fs.Parse(args)
	if *url == "" || *vkey == "" || fs.NArg() != 0 || (o.extra != "entry" && o.extra != "ignore") {
		usage()
	}
	k := *vkey
	if strings.HasPrefix(k, "@") {
		b, err := os.ReadFile(k[1:])
		if err != nil {
			fmt.Fprintf(os.Stderr, "xcheck: %v\n", err)
			return 1
		}
		k = string(b)
	}
	say := func(f string, a ...interface{}) { fmt.Printf(f+"\n", a...) }
	a, err := newAuditor(*url, k, say)
	if err == nil {
		err = a.audit(o)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "xcheck: FAIL: %v\n", err)
		return 1
	}
	fmt.Printf("xcheck: OK (%d requests)\n", a.requests)
	return 0
}

func cmdFake(args []string) int {
	fs := flag.NewFlagSet("fake", flag.ExitOnError)
	dir := fs.String("dir", "", "folder for the key, checkpoints and proofs")
	n := fs.Int64("n", 1000, "entries")
	old := fs.Int64("old", 300, "entries of the earlier checkpoint (old.checkpoint)")
	corrupt := fs.String("corrupt", "", "tile, entry, sig, fork or rollback")
	fs.Parse(args)
	if *dir == "" || *old > *n || *old < 0 || *n < 1 {
		usage()
	}
	fail := func(err error) int {
		fmt.Fprintf(os.Stderr, "xcheck: %v\n", err)
		return 1
	}
	l, err := newFakeLog("xcheck.example/fake", nil, "a", *old)
	if err != nil {
		return fail(err)
	}
	oldCp := l.files["checkpoint"]
	if err := l.append("a", *n-*old); err != nil {
		return fail(err)
	}
	write := func(name string, d []byte) {
		if err == nil {
			err = os.WriteFile(filepath.Join(*dir, name), d, 0o600)
		}
	}
	write("vkey", []byte(l.vkey+"\n"))
	write("old.checkpoint", oldCp)
	for _, i := range proofIndexes(*n, 4, 1) {
		p, perr := l.proof(i, true)
		b, berr := l.proof(i, false)
		if perr != nil || berr != nil {
			return fail(fmt.Errorf("proof %d", i))
		}
		write(fmt.Sprintf("proof.%d", i), p)
		write(fmt.Sprintf("proof-bare.%d", i), b)
		write(fmt.Sprintf("entry.%d", i), l.entries[i])
	}
	if err != nil {
		return fail(err)
	}
	switch *corrupt {
	case "":
	case "tile":
		err = flipped(l, "tile/0/000", 100, 3)
	case "entry":
		err = flipped(l, "tile/entries/000", 30, 0)
	case "sig":
		var o *fakeLog
		if o, err = newFakeLog(l.origin, nil, "a", *n); err == nil {
			l.files["checkpoint"] = o.files["checkpoint"]
		}
	case "fork":
		var o *fakeLog
		if o, err = newFakeLog(l.origin, l, "b", *old); err == nil {
			write("old.checkpoint", o.files["checkpoint"])
		}
	case "rollback":
		var o *fakeLog
		if o, err = newFakeLog(l.origin, l, "a", *n+1); err == nil {
			write("old.checkpoint", o.files["checkpoint"])
		}
	default:
		usage()
	}
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	fmt.Printf("http://%s/log\n", ln.Addr())
	os.Stdout.Sync()
	go http.Serve(ln, l)
	io.Copy(io.Discard, os.Stdin)
	return 0
}
