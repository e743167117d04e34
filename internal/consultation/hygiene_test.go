package consultation

import "testing"

func TestValidateCommentDropsControlCharacters(t *testing.T) {
	in := CommentInput{Name: "Bình\x00\x1b", Phone: "0912 345 678", Body: "Góp ý\x1b[1m thứ nhất.\n\nGóp ý\x00 thứ hai."}
	if err := ValidateComment(&in); err != nil {
		t.Fatal(err)
	}
	if in.Name != "Bình" || in.Body != "Góp ý[1m thứ nhất.\n\nGóp ý thứ hai." {
		t.Errorf("%q %q", in.Name, in.Body)
	}
}
