package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/testenv"
)

// TestDeployNginx: deploy/nginx-trangtin.conf passes `nginx -t`, run on a
// throwaway configuration in a temporary folder (its prefix, pid, logs and
// temporary paths all inside it) with a self-signed certificate in place
// of certbot's, so nothing outside that folder is read or written.
func TestDeployNginx(t *testing.T) {
	nginx := testenv.Command(t, "nginx", "nginx")
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	site, err := os.ReadFile(filepath.Join(testenv.Root(t), "deploy", "nginx-trangtin.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.NewReplacer(
		"/etc/letsencrypt/live/giavien.gov.vn/fullchain.pem", cert,
		"/etc/letsencrypt/live/giavien.gov.vn/privkey.pem", key,
	).Replace(string(site))
	for _, want := range []string{"proxy_set_header Host $host;", "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", "proxy_set_header X-Forwarded-Proto $scheme;", "ssl_certificate"} {
		if !strings.Contains(conf, want) {
			t.Errorf("the nginx site lacks %q", want)
		}
	}
	if strings.Contains(conf, "/etc/letsencrypt") {
		t.Fatal("a certificate path was not replaced")
	}
	write(t, filepath.Join(dir, "site.conf"), conf)
	write(t, filepath.Join(dir, "nginx.conf"), strings.ReplaceAll(`pid DIR/nginx.pid;
error_log DIR/error.log;
events {}
http {
    access_log DIR/access.log;
    client_body_temp_path DIR/body;
    proxy_temp_path DIR/proxy;
    fastcgi_temp_path DIR/fastcgi;
    uwsgi_temp_path DIR/uwsgi;
    scgi_temp_path DIR/scgi;
    include DIR/site.conf;
}
`, "DIR", dir))
	out, err := exec.Command(nginx, "-t", "-q", "-p", dir+"/", "-e", filepath.Join(dir, "error.log"), "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
}

// TestDeploySystemd: the systemd units in deploy/ have the hardening the
// README promises and pass `systemd-analyze verify` where systemd is
// installed (see testenv.Optional).
func TestDeploySystemd(t *testing.T) {
	units := []string{"trangtin.service", "trangtin-backup.service", "trangtin-backup.timer"}
	dir := t.TempDir()
	bin := filepath.Join(dir, "trangtin")
	write(t, bin, "#!/bin/sh\n")
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		data, err := os.ReadFile(filepath.Join(testenv.Root(t), "deploy", u))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if u == "trangtin.service" {
			for _, want := range []string{"User=trangtin", "ProtectSystem=strict", "ReadWritePaths=/var/lib/trangtin", "NoNewPrivileges=yes", "Restart=on-failure"} {
				if !strings.Contains(text, "\n"+want+"\n") {
					t.Errorf("%s lacks %s", u, want)
				}
			}
		}
		write(t, filepath.Join(dir, u), strings.ReplaceAll(text, "/usr/local/bin/trangtin", bin))
	}
	t.Run("systemd-analyze", func(t *testing.T) {
		// The package installs without running systemd (a container has
		// no init system; verify needs none).
		analyze := testenv.Command(t, "systemd-analyze", "systemd")
		args := []string{"verify", "--man=no"}
		for _, u := range units {
			args = append(args, filepath.Join(dir, u))
		}
		cmd := exec.Command(analyze, args...)
		cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=warning")
		// It exits 0 on an unknown or misspelt key, which it only prints.
		out, err := cmd.CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("systemd-analyze verify: %v\n%s", err, out)
		}
	})
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// selfSigned writes a throwaway certificate and key for giavien.gov.vn.
func selfSigned(t *testing.T, dir string) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "giavien.gov.vn"}, DNSNames: []string{"giavien.gov.vn"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	write(t, cert, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	write(t, key, string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})))
	return cert, key
}
