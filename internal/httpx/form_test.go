package httpx

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"trangtin/internal/apperr"
)

func TestCheckFormUTF8(t *testing.T) {
	r := httptest.NewRequest("POST", "/?q=ok", strings.NewReader("name=Nguy%E1%BB%85n&subject=H%E1%BB%8Fi+%FF+v%E1%BB%81&b%FFad=x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := r.ParseForm(); err != nil {
		t.Fatal(err)
	}
	err := CheckFormUTF8(r)
	if !IsFormNotUTF8(err) || !apperr.Is(err, apperr.Invalid) || apperr.MessageOf(err) != MsgFormNotUTF8 {
		t.Fatalf("err = %v", err)
	}
	var e *apperr.Error
	if !asAppErr(err, &e) || len(e.Fields) != 2 || e.Fields["subject"] != MsgFieldNotUTF8 || e.Fields["b\uFFFDad"] != MsgFieldNotUTF8 {
		t.Errorf("fields %v", e.Fields)
	}
	if got := r.PostForm.Get("subject"); got != "Hỏi \uFFFD về" {
		t.Errorf("PostForm subject %q, want the bad byte marked", got)
	}
	if got := r.Form.Get("subject"); got != "Hỏi \uFFFD về" {
		t.Errorf("Form subject %q", got)
	}
	if r.PostForm.Get("name") != "Nguyễn" || r.Form.Get("q") != "ok" {
		t.Errorf("valid values changed: %v", r.Form)
	}

	ok := httptest.NewRequest("POST", "/", strings.NewReader("name=Nguy%E1%BB%85n"))
	ok.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := ok.ParseForm(); err != nil {
		t.Fatal(err)
	}
	if err := CheckFormUTF8(ok); err != nil {
		t.Errorf("valid form: %v", err)
	}
}

func TestCheckFormUTF8Multipart(t *testing.T) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("alt", "Ảnh \xc0 lễ hội")
	mw.WriteField("name", "Trần Văn Hai")
	fw, err := mw.CreateFormFile("file", "anh.jpg")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte{0xff, 0xd8, 0xff}) // file contents are not text: not checked
	mw.Close()
	r := httptest.NewRequest("POST", "/", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		t.Fatal(err)
	}
	err = CheckFormUTF8(r)
	var e *apperr.Error
	if !asAppErr(err, &e) || len(e.Fields) != 1 || e.Fields["alt"] == "" {
		t.Fatalf("err = %v", err)
	}
	if r.PostFormValue("alt") != "Ảnh \uFFFD lễ hội" || r.MultipartForm.Value["alt"][0] != "Ảnh \uFFFD lễ hội" {
		t.Errorf("alt not repaired: %q %q", r.PostFormValue("alt"), r.MultipartForm.Value["alt"])
	}
}

func asAppErr(err error, e **apperr.Error) bool { return errors.As(err, e) }
