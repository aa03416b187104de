package search

import (
	"context"
	"errors"
	"fmt"
	"sync"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/summaries"
)

// Build writes batches of batchStatements statements, batchesInFlight at a
// time. In-memory scorch never merges segments, and each segment costs
// every query term a dictionary lookup per field, so batches are as large
// as memory allows: analysis holds every token's location until the
// batch's segment is written, about a quarter of a megabyte per statement
// of the bundled size (bleve's token frequencies), and zap's work buffers
// as much again. Two batches in flight keep both cores busy, one analysing
// while the other writes its segment, which bleve does on one core. For
// 10,000 such statements this is 40 segments and 450 MB (copies) to 580 MB
// (Zipf) of live heap at the most, of which the finished index keeps 210
// to 270 MB (BenchmarkBuild10k). Batches of 1,000 written one at a time
// (10 segments) cut a query's CPU by a third but add 200 MB of live heap.
const (
	batchStatements = 250
	batchesInFlight = 2
)

// Build indexes every statement of cat and its figures.
func Build(ctx context.Context, cat *summaries.Catalog, amounts Amounts) (*Index, error) {
	if cat == nil {
		return nil, errors.New("search: nil catalog")
	}
	s, err := newStore()
	if err != nil {
		return nil, err
	}
	if err := s.write(ctx, cat.All(), amounts); err != nil {
		s.close()
		return nil, err
	}
	ix, err := s.newIndex(cat, amounts, nil)
	if err != nil {
		s.close()
		return nil, err
	}
	return ix, nil
}

// write indexes stmts in batches, batchesInFlight at a time.
func (s *store) write(ctx context.Context, stmts []*summaries.Statement, amounts Amounts) error {
	sem := make(chan struct{}, batchesInFlight)
	errs := make(chan error, (len(stmts)+batchStatements-1)/batchStatements)
	var wg sync.WaitGroup
	for start := 0; start < len(stmts); start += batchStatements {
		if ctx.Err() != nil {
			break
		}
		b := index.NewBatch()
		for _, st := range stmts[start:min(start+batchStatements, len(stmts))] {
			addStatement(b, st, amounts, s.an)
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := s.idx.Batch(b); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: building index: %w", err)
	}
	if err := <-errs; err != nil {
		return fmt.Errorf("search: indexing statements: %w", err)
	}
	return nil
}

// close closes a store no view was made of.
func (s *store) close() {
	_ = s.idx.Close()
	s.queue.Close()
}

// addStatement adds the documents of st and its figures to b.
func addStatement(b *index.Batch, st *summaries.Statement, amounts Amounts, an *analyzers) {
	b.Update(statementDoc(st, an))
	for i := range st.Figures {
		b.Update(figureDoc(st, &st.Figures[i], amounts, an))
	}
}

// deleteStatement deletes the documents of st and its figures in b.
func deleteStatement(b *index.Batch, st *summaries.Statement) {
	b.Delete(statementDocID(st.ID))
	for _, f := range st.Figures {
		b.Delete(figureDocID(st.ID, f.ID))
	}
}
