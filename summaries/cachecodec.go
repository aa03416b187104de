package summaries

import (
	"bufio"
	"encoding/binary"
	"errors"
	"math"
	"time"
)

// The cache's binary form: every number a varint, every string its length
// and its bytes, every field in a fixed order. Reading takes each string as
// a slice of the file's one string, so a warm start allocates little more
// than the statements' structs; gob took a quarter of a warm start. A test
// fills every field of a Statement and checks it comes back, so a field
// added to the model and forgotten here fails it.

// cacheWriter writes the binary form; its first error sticks in the
// bufio.Writer and is returned by Flush.
type cacheWriter struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
}

func (w *cacheWriter) uint(n uint64) { w.w.Write(w.buf[:binary.PutUvarint(w.buf[:], n)]) }
func (w *cacheWriter) int(n int64)   { w.w.Write(w.buf[:binary.PutVarint(w.buf[:], n)]) }

func (w *cacheWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.w.WriteString(s)
}

func (w *cacheWriter) text(t Text) { w.str(t.AR); w.str(t.EN) }

func (w *cacheWriter) strs(ss []string) {
	w.uint(uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}

func (w *cacheWriter) record(r *cacheRecord) {
	w.str(r.Path)
	w.w.Write(r.Hash[:])
	w.str(r.SrcPath)
	w.w.Write(r.SrcHash[:])
	st := &r.Stmt
	w.str(st.ID)
	w.strs(st.Aliases)
	w.int(st.Date.Unix())
	w.text(st.Place)
	w.text(st.Publisher)
	w.str(st.Source.File)
	w.str(string(st.Source.Lang))
	w.text(st.Source.Name)
	w.str(st.Source.URL)
	w.text(st.Title)
	w.text(st.Summary)
	w.uint(uint64(len(st.KeyPoints)))
	for _, kp := range st.KeyPoints {
		w.text(kp)
	}
	w.uint(uint64(len(st.Figures)))
	for _, f := range st.Figures {
		w.str(f.ID)
		w.uint(math.Float64bits(f.Value))
		w.str(string(f.Unit))
		w.str(string(f.Qualifier))
		w.text(f.Label)
		w.str(f.Quote)
		w.str(string(f.Translation.Lang))
		w.str(f.Translation.Text)
		w.uint(boolBit(f.Headline))
		w.str(f.Correction)
	}
	w.strs(r.Names)
	w.str(r.Titles[0])
	w.str(r.Titles[1])
	w.uint(uint64(len(r.Lines)))
	for _, l := range r.Lines {
		w.uint(uint64(l))
	}
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

var errCacheShort = errors.New("statement cache: cut short or corrupt")

// cacheReader reads the binary form from the whole file. Every read checks
// its bounds: a corrupt cache is an error, never a panic or a huge
// allocation.
type cacheReader struct {
	s   string // the file; strings are slices of it
	off int
	err error
}

func (r *cacheReader) fail() { r.err, r.off = errCacheShort, len(r.s) }

// uint reads an unsigned varint (encoding/binary's form).
func (r *cacheReader) uint() uint64 {
	var x uint64
	for i, shift := 0, uint(0); i < binary.MaxVarintLen64 && r.off+i < len(r.s); i, shift = i+1, shift+7 {
		b := r.s[r.off+i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				break // overflows 64 bits
			}
			r.off += i + 1
			return x | uint64(b)<<shift
		}
		x |= uint64(b&0x7f) << shift
	}
	r.fail()
	return 0
}

// int reads a signed varint (zig-zag, as binary.PutVarint writes it).
func (r *cacheReader) int() int64 {
	ux := r.uint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// count reads a length of a list whose items take a byte at least.
func (r *cacheReader) count() int {
	n := r.uint()
	if n > uint64(len(r.s)-r.off) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *cacheReader) str() string {
	n := r.count()
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

func (r *cacheReader) text() Text { return Text{AR: r.str(), EN: r.str()} }

func (r *cacheReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

func (r *cacheReader) digest() digest {
	var d digest
	if len(r.s)-r.off < len(d) {
		r.fail()
		return d
	}
	r.off += copy(d[:], r.s[r.off:])
	return d
}

func (r *cacheReader) record() *cacheRecord {
	rec := &cacheRecord{Path: r.str(), Hash: r.digest(), SrcPath: r.str(), SrcHash: r.digest()}
	st := &rec.Stmt
	st.ID = r.str()
	st.Aliases = r.strs()
	st.Date = time.Unix(r.int(), 0).UTC()
	st.Place = r.text()
	st.Publisher = r.text()
	st.Source = Source{File: r.str(), Lang: Lang(r.str()), Name: r.text(), URL: r.str()}
	st.Title = r.text()
	st.Summary = r.text()
	if n := r.count(); n > 0 {
		st.KeyPoints = make([]Text, n)
		for i := range st.KeyPoints {
			st.KeyPoints[i] = r.text()
		}
	}
	if n := r.count(); n > 0 {
		st.Figures = make([]Figure, n)
		for i := range st.Figures {
			f := &st.Figures[i]
			f.ID = r.str()
			f.Value = math.Float64frombits(r.uint())
			f.Unit = Unit(r.str())
			f.Qualifier = Qualifier(r.str())
			f.Label = r.text()
			f.Quote = r.str()
			f.Translation = Translation{Lang: Lang(r.str()), Text: r.str()}
			f.Headline = r.uint() == 1
			f.Correction = r.str()
		}
	}
	rec.Names = r.strs()
	rec.Titles = [2]string{r.str(), r.str()}
	if n := r.count(); n > 0 {
		rec.Lines = make([]int, n)
		for i := range rec.Lines {
			rec.Lines[i] = int(min(r.uint(), math.MaxInt32))
		}
	}
	return rec
}
