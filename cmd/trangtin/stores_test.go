package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"trangtin/internal/config"
	"trangtin/internal/testenv"
)

// eachStore runs fn once on a fresh SQLite folder and once on a fresh
// PostgreSQL database, so the whole program is tested on both stores.
func eachStore(t *testing.T, fn func(t *testing.T, cfg config.Config)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, config.Config{DataDir: t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) { fn(t, config.Config{DataDir: t.TempDir(), DB: freshPostgres(t)}) })
}

// freshPostgres creates an empty database on the server named by
// TRANGTIN_TEST_POSTGRES, dropped when the test ends. Without that server
// the test skips, or fails under CI.
func freshPostgres(t testing.TB) string {
	t.Helper()
	dsn := testenv.Postgres(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "trangtin_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("TRANGTIN_TEST_POSTGRES must be a postgres:// URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
