package tgfake

import (
	"fmt"
	"net/http"
	"strings"
)

func (s *Server) storeFileLocked(dir, name string, data []byte) File {
	s.nextFile++
	n := s.nextFile
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		ext = name[i:]
	}
	f := File{FileID: fmt.Sprintf("FILE%06d", n), FileUniqueID: fmt.Sprintf("U%06d", n), FileSize: len(data),
		FilePath: fmt.Sprintf("%s/file_%d%s", dir, n, ext)}
	s.files[f.FileID] = storedFile{file: f, data: data}
	return f
}

// AddFile stores a file as if a user had uploaded it and returns it (its
// FileID works with getFile and the file endpoint).
func (s *Server) AddFile(name string, data []byte) File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.storeFileLocked("documents", name, data)
}

// FileData returns the bytes of a stored file (one the bot uploaded or one
// added with AddFile).
func (s *Server) FileData(fileID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[fileID]
	return f.data, ok
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, path, ok := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		http.Error(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, 401)
		return
	}
	s.mu.Lock()
	var data []byte
	found := false
	for _, f := range s.files {
		if f.file.FilePath == path {
			data, found = f.data, true
		}
	}
	s.mu.Unlock()
	if !found {
		http.Error(w, `{"ok":false,"error_code":404,"description":"Not Found"}`, 404)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}
