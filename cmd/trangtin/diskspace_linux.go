package main

import (
	"os"
	"syscall"
)

// freeBytes is the space left for this process's writes on the file
// system of dir: the blocks free to unprivileged users, or every free
// block for root (which may use the reserved ones). ok is false when it
// cannot be told.
func freeBytes(dir string) (free uint64, ok bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	blocks := st.Bavail
	if os.Geteuid() == 0 {
		blocks = st.Bfree
	}
	return blocks * uint64(st.Bsize), true
}
