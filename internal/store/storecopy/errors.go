package storecopy

import (
	"fmt"

	"trangtin/internal/store/sqlstore"
)

// Kind names an engine, as sqlstore does.
type Kind = sqlstore.Kind

const (
	SQLite   = sqlstore.SQLite
	Postgres = sqlstore.Postgres
)

type execer = sqlstore.Execer

// Op is the step of a copy that failed.
type Op int

const (
	OpBegin      Op = iota // opening a transaction
	OpCatalogue            // reading the catalogue
	OpNoTable              // Table is missing on one side (Target: on the target)
	OpNoColumn             // Table.Column is missing on one side
	OpNoTables             // the target has no table to copy into
	OpNotEmpty             // the target holds Rows rows in Table
	OpForeign              // the target has tables (Table…) but not trangtin's
	OpPrepare              // switching the target's triggers and checks off
	OpClear                // emptying Table of the migrations' seeds
	OpCounters             // reading or setting the ID counters
	OpRead                 // reading Table from the source
	OpWrite                // writing Table on the target
	OpConvert              // converting a value of Table.Column (Err: a *ConvertError)
	OpRowCount             // Table: Rows read, Want in the snapshot
	OpForeignKey           // row Rows of Table names no row of Ref
	OpRestore              // switching the target's triggers and checks back on
	OpCommit               // committing the target's transaction
)

// Error is a copy's failure: the step, the side, the table and the cause;
// the command says it in the user's words.
type Error struct {
	Op            Op
	Target        bool // on the target (else the source)
	Table, Column string
	Ref           string
	Rows, Want    int64
	Err           error
}

func (e *Error) Error() string {
	side := "source"
	if e.Target {
		side = "target"
	}
	msg := fmt.Sprintf("copy: %s: step %d", side, e.Op)
	if e.Table != "" {
		msg += ", table " + e.Table
	}
	if e.Column != "" {
		msg += ", column " + e.Column
	}
	switch e.Op {
	case OpNotEmpty, OpRowCount, OpForeignKey:
		msg += fmt.Sprintf(" (rows %d, want %d, ref %q)", e.Rows, e.Want, e.Ref)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// ConvertError is a value the target column's type cannot hold.
type ConvertError struct {
	Value any
	Type  string
}

func (e *ConvertError) Error() string {
	return fmt.Sprintf("cannot convert %T %v to %s", e.Value, e.Value, e.Type)
}
