package testenv

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// EnvWeed names SeaweedFS's weed program, the S3-compatible server the
// tests of the shared media store run; scripts/test builds it from the Go
// module proxy (scripts/weed) and sets it. Without it, weed on PATH.
const EnvWeed = "TRANGTIN_TEST_WEED"

// S3 is a throwaway S3-compatible server started by [StartS3].
type S3 struct {
	Endpoint  string // 127.0.0.1:port, plain http
	AccessKey string
	SecretKey string
	cmd       *exec.Cmd
	exited    chan struct{}
}

// Stop ends the server at once (SIGKILL), as an outage would.
func (s *S3) Stop() {
	s.cmd.Process.Kill()
	<-s.exited
}

// weedPath is the weed program: $TRANGTIN_TEST_WEED, else weed on PATH.
func weedPath() (string, error) {
	if p := os.Getenv(EnvWeed); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvWeed, p, err)
		}
		return p, nil
	}
	p, err := exec.LookPath("weed")
	if err != nil {
		return "", fmt.Errorf("%w (set %s; scripts/test builds SeaweedFS with scripts/weed)", err, EnvWeed)
	}
	return p, nil
}

// StartS3 starts SeaweedFS (master, volume, filer and S3 gateway in one
// weed server process) for t in a temporary folder on free loopback
// ports (the Iceberg and Lance catalogues off), with one identity whose keys it returns, and stops it when t
// ends. Without weed it stops t as [Require] does.
//
// Long: the server's command line, its log and its readiness check read
// best in one place.
func StartS3(t testing.TB) *S3 {
	t.Helper()
	weed, err := weedPath()
	Require(t, "SeaweedFS (weed)", err)
	dir := t.TempDir()
	s := &S3{AccessKey: "trangtin-test", SecretKey: "trangtin-test-secret-key", exited: make(chan struct{})}
	conf := fmt.Sprintf(`{"identities":[{"name":"trangtin","credentials":[{"accessKey":%q,"secretKey":%q}],"actions":["Admin","Read","List","Tagging","Write"]}]}`,
		s.AccessKey, s.SecretKey)
	if err := os.WriteFile(filepath.Join(dir, "s3.json"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	var ports [8]int // HTTP and gRPC of the master, the volume server, the filer and the S3 gateway
	for i := range ports {
		if ports[i], err = freePort(); err != nil {
			t.Fatal(err)
		}
	}
	port := func(i int) string { return strconv.Itoa(ports[i]) }
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	s.Endpoint = "127.0.0.1:" + port(3)
	s.cmd = exec.Command(weed, "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-dir="+data,
		"-master.port="+port(0), "-master.port.grpc="+port(4), "-master.volumeSizeLimitMB=64",
		"-volume.port="+port(1), "-volume.port.grpc="+port(5), "-volume.max=0",
		"-filer", "-filer.port="+port(2), "-filer.port.grpc="+port(6), "-filer.localSocket="+filepath.Join(dir, "filer.sock"),
		"-s3", "-s3.port="+port(3), "-s3.port.grpc="+port(7), "-s3.config="+filepath.Join(dir, "s3.json"),
		"-s3.port.iceberg=0", "-s3.port.lance=0")
	s.cmd.Dir = dir
	out, err := os.Create(filepath.Join(dir, "weed.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	s.cmd.Stdout, s.cmd.Stderr = out, out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("weed: %v", err)
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			<-s.exited
		}
	})
	log := func() string {
		b, _ := os.ReadFile(filepath.Join(dir, "weed.log"))
		if len(b) > 16<<10 {
			b = b[len(b)-16<<10:]
		}
		return string(b)
	}
	// Ready: the S3 gateway answers (any HTTP status) and the filer under
	// it has a volume to write to, which the gateway's own health check
	// (/healthz) reports.
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case <-s.exited:
			t.Fatalf("weed ended before serving S3:\n%s", log())
		default:
		}
		if ok, err := httpOK("http://" + s.Endpoint + "/healthz"); ok {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("weed's S3 gateway not ready within 90 s (%v):\n%s", err, log())
		}
		time.Sleep(100 * time.Millisecond) // the next look at a server starting up
	}
	return s
}

// httpOK reports whether a GET of u answers 200.
func httpOK(u string) (bool, error) {
	c := &http.Client{Timeout: 2 * time.Second}
	res, err := c.Get(u)
	if err != nil {
		return false, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return false, errors.New(res.Status)
	}
	return true, nil
}
