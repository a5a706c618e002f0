// c2spclient checks a served RadCred credential log with golang.org/x/mod's sumdb/note and
// sumdb/tlog — an implementation independent of ours. It verifies the signed checkpoint with the
// pinned verifier key, reads hash tiles (C2SP tlog-tiles paths) through tlog.TileHashReader, which
// authenticates every tile against the checkpoint's root, recomputes leaf hashes from entry bundles,
// and checks the log's own inclusion proofs, consistency proofs and tlog-proof receipts with
// tlog.CheckRecord / tlog.CheckTree. Exit status 0 and a final "ok" line when everything verifies.
//
// Usage: c2spclient <issuer base URL> <log verifier key> [<credential hash hex> ...]
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var base string

func get(path string) []byte {
	resp, err := http.Get(base + path)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		fail("GET %s: status %d, %v", path, resp.StatusCode, err)
	}
	return body
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

type checkpoint struct {
	origin string
	tree   tlog.Tree
}

func openCheckpoint(msg []byte, verifier note.Verifier) checkpoint {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		fail("checkpoint has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint root: %v", err)
	}
	return checkpoint{origin: lines[0], tree: tlog.Tree{N: size, Hash: root}}
}

// tileReader fetches hash tiles. x/mod spells paths tile/8/L/N (with the tile height); C2SP
// tlog-tiles drops the height: tile/L/N.
type tileReader struct{}

func (tileReader) Height() int { return 8 }

func (tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		path := "/log/tile/" + strings.TrimPrefix(t.Path(), "tile/8/")
		out[i] = get(path)
	}
	return out, nil
}

func (tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

func bundlePath(index, size int64) string {
	n := index / 256
	width := size - n*256
	tile := tlog.Tile{H: 8, L: 0, N: n, W: 256}
	if width < 256 {
		tile.W = int(width)
	}
	return "/log/tile/entries/" + strings.TrimPrefix(tile.Path(), "tile/8/0/")
}

func entryAt(index, size int64) []byte {
	bundle := get(bundlePath(index, size))
	want := int(index % 256)
	for i := 0; len(bundle) >= 2; i++ {
		length := int(binary.BigEndian.Uint16(bundle))
		if len(bundle) < 2+length {
			fail("entry bundle cut short")
		}
		if i == want {
			return bundle[2 : 2+length]
		}
		bundle = bundle[2+length:]
	}
	fail("entry %d not in its bundle", index)
	return nil
}

func decodeHashes(items []string) []tlog.Hash {
	out := make([]tlog.Hash, len(items))
	for i, item := range items {
		h, err := tlog.ParseHash(item)
		if err != nil {
			fail("proof hash %d: %v", i, err)
		}
		out[i] = h
	}
	return out
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: c2spclient <base URL> <verifier key> [credential hash hex ...]")
	}
	base = strings.TrimSuffix(os.Args[1], "/")
	verifier, err := note.NewVerifier(os.Args[2])
	if err != nil {
		fail("verifier key: %v", err)
	}
	if key := strings.TrimSpace(string(get("/log/key"))); key != os.Args[2] {
		fail("GET /log/key answered %q", key)
	}
	cp := openCheckpoint(get("/log/checkpoint"), verifier)
	if cp.origin != verifier.Name() {
		fail("checkpoint origin %q is not the key name %q", cp.origin, verifier.Name())
	}
	size, root := cp.tree.N, cp.tree.Hash
	if size < 2 {
		fail("need a tree of at least 2 entries, got %d", size)
	}
	reader := tlog.TileHashReader(cp.tree, tileReader{})
	if th, err := tlog.TreeHash(size, reader); err != nil || th != root {
		fail("tree hash from tiles: %v (%v vs %v)", err, th, root)
	}

	for _, index := range []int64{0, 1, size / 2, size - 1} {
		leaf := tlog.RecordHash(entryAt(index, size))
		goProof, err := tlog.ProveRecord(size, index, reader)
		if err != nil {
			fail("x/mod proof for %d: %v", index, err)
		}
		if err := tlog.CheckRecord(goProof, size, root, index, leaf); err != nil {
			fail("x/mod proof for %d does not check: %v", index, err)
		}
		var served struct {
			Index    int64    `json:"index"`
			TreeSize int64    `json:"treeSize"`
			Proof    []string `json:"proof"`
		}
		hexHash := fmt.Sprintf("%x", leaf[:])
		if err := json.Unmarshal(get(fmt.Sprintf("/log/proof/inclusion?hash=%s&size=%d", hexHash, size)), &served); err != nil {
			fail("inclusion JSON: %v", err)
		}
		if served.Index != index || served.TreeSize != size {
			fail("inclusion proof for %d answered index %d size %d", index, served.Index, served.TreeSize)
		}
		if err := tlog.CheckRecord(decodeHashes(served.Proof), size, root, index, leaf); err != nil {
			fail("served inclusion proof for %d does not check: %v", index, err)
		}
	}

	for _, old := range []int64{1, size / 3, size - 1, size} {
		if old < 1 {
			continue
		}
		oldRoot, err := tlog.TreeHash(old, reader)
		if err != nil {
			fail("root of size %d: %v", old, err)
		}
		var served struct {
			From  int64    `json:"from"`
			To    int64    `json:"to"`
			Proof []string `json:"proof"`
		}
		if err := json.Unmarshal(get(fmt.Sprintf("/log/proof/consistency?from=%d&to=%d", old, size)), &served); err != nil {
			fail("consistency JSON: %v", err)
		}
		if err := tlog.CheckTree(decodeHashes(served.Proof), size, root, old, oldRoot); err != nil {
			fail("served consistency proof %d -> %d does not check: %v", old, size, err)
		}
	}

	for _, credential := range os.Args[3:] {
		text := get("/log/receipts/" + credential)
		parts := bytes.SplitN(text, []byte("\n\n"), 2)
		if len(parts) != 2 {
			fail("receipt has no blank line")
		}
		lines := strings.Split(string(parts[0]), "\n")
		if lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
			fail("receipt header: %q", lines[:2])
		}
		index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
		if err != nil {
			fail("receipt index: %v", err)
		}
		receiptCp := openCheckpoint(parts[1], verifier)
		entry := entryAt(index, size)
		var logged struct {
			CredentialHash string `json:"credentialHash"`
		}
		if err := json.Unmarshal(entry, &logged); err != nil || logged.CredentialHash != "sha256:"+credential {
			fail("receipt index %d holds another entry: %s", index, entry)
		}
		proof := make([]tlog.Hash, 0, len(lines)-2)
		for _, line := range lines[2:] {
			raw, err := base64.StdEncoding.DecodeString(line)
			if err != nil || len(raw) != 32 {
				fail("receipt proof line %q", line)
			}
			var h tlog.Hash
			copy(h[:], raw)
			proof = append(proof, h)
		}
		if err := tlog.CheckRecord(proof, receiptCp.tree.N, receiptCp.tree.Hash, index, tlog.RecordHash(entry)); err != nil {
			fail("receipt for %s does not check: %v", credential, err)
		}
	}
	fmt.Printf("ok size=%d receipts=%d\n", size, len(os.Args)-3)
}
