package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"

	"golang.org/x/mod/sumdb/note"
)

// dbKeys are the database's note keys: the right one and, for v/wrongkey,
// a different key under the same name.
type dbKeys struct {
	name        string
	skey, vkey  string
	signer      note.Signer
	wrongSigner note.Signer
	wrongVKey   string
}

// keyPair derives an Ed25519 note key pair for name from a 32-byte seed.
// It checks the signer against a verifier built independently from the
// public key, so a key text we print is always one x/mod accepts.
func keyPair(name string, seed []byte) (skey, vkey string, signer note.Signer, err error) {
	skey, vkey, err = note.GenerateKey(bytes.NewReader(seed), name)
	if err != nil {
		return "", "", nil, err
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	want, err := note.NewEd25519VerifierKey(name, pub)
	if err != nil {
		return "", "", nil, err
	}
	if want != vkey {
		return "", "", nil, fmt.Errorf("key derivation is not deterministic: %s != %s", vkey, want)
	}
	signer, err = note.NewSigner(skey)
	if err != nil {
		return "", "", nil, fmt.Errorf("database name %q: %v", name, err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return "", "", nil, err
	}
	msg, err := note.Sign(&note.Note{Text: "self test\n"}, signer)
	if err != nil {
		return "", "", nil, err
	}
	if _, err := note.Open(msg, note.VerifierList(verifier)); err != nil {
		return "", "", nil, fmt.Errorf("key self test: %v", err)
	}
	return skey, vkey, signer, nil
}

func newKeys(name string, seed []byte) (*dbKeys, error) {
	k := &dbKeys{name: name}
	var err error
	k.skey, k.vkey, k.signer, err = keyPair(name, seed)
	if err != nil {
		return nil, err
	}
	// The wrong key: another seed derived from the right one, same name.
	wrong := sha256.Sum256(append([]byte("netserver wrong key\x00"), seed...))
	_, k.wrongVKey, k.wrongSigner, err = keyPair(name, wrong[:])
	if err != nil {
		return nil, err
	}
	return k, nil
}
