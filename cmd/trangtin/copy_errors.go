package main

import (
	"errors"
	"fmt"

	"trangtin/internal/store/storecopy"
)

// copyFailure is a copy's error in the operator's words, the cause kept
// for errors.Is.
type copyFailure struct {
	msg string
	err error
}

func (e *copyFailure) Error() string { return e.msg }
func (e *copyFailure) Unwrap() error { return e.err }

// copyError says a storecopy failure in Vietnamese; other errors pass.
func copyError(err error) error {
	e, ok := errors.AsType[*storecopy.Error](err)
	if !ok {
		return err
	}
	side := "nguồn"
	if e.Target {
		side = "đích"
	}
	var msg string
	switch e.Op {
	case storecopy.OpBegin:
		msg = fmt.Sprintf("%s: không mở được giao dịch: %v", side, e.Err)
	case storecopy.OpCatalogue:
		msg = fmt.Sprintf("%s: không đọc được danh mục bảng: %v", side, e.Err)
	case storecopy.OpNoTable:
		msg = fmt.Sprintf("%s không có bảng %s: hai cơ sở dữ liệu không cùng lược đồ", side, e.Table)
	case storecopy.OpNoColumn:
		msg = fmt.Sprintf("bảng %s của %s không có cột %s: hai cơ sở dữ liệu không cùng lược đồ", e.Table, side, e.Column)
	case storecopy.OpNoTables:
		msg = "đích không có bảng nào để chép"
	case storecopy.OpNotEmpty:
		msg = fmt.Sprintf("đích không trống (bảng %s có %d dòng)", e.Table, e.Rows)
	case storecopy.OpForeign:
		msg = fmt.Sprintf("có bảng (%s…) nhưng không phải cơ sở dữ liệu của trangtin", e.Table)
	case storecopy.OpPrepare:
		msg = fmt.Sprintf("đích: không tắt được trigger và kiểm tra khóa ngoại trong lúc chép: %v", e.Err)
	case storecopy.OpClear:
		msg = fmt.Sprintf("đích: không làm trống được bảng %s: %v", e.Table, e.Err)
	case storecopy.OpCounters:
		msg = fmt.Sprintf("%s: bộ đếm mã số: %v", side, e.Err)
	case storecopy.OpRead:
		msg = fmt.Sprintf("nguồn: đọc bảng %s: %v", e.Table, e.Err)
	case storecopy.OpWrite:
		msg = fmt.Sprintf("đích: ghi bảng %s: %v", e.Table, e.Err)
	case storecopy.OpConvert:
		msg = fmt.Sprintf("bảng %s, cột %s: %v", e.Table, e.Column, e.Err)
		if ce, ok := errors.AsType[*storecopy.ConvertError](e.Err); ok {
			msg = fmt.Sprintf("bảng %s, cột %s: không chuyển được giá trị %T %v sang kiểu %s", e.Table, e.Column, ce.Value, ce.Value, ce.Type)
		}
	case storecopy.OpRowCount:
		msg = fmt.Sprintf("nguồn: bảng %s có %d dòng trong ảnh chụp nhưng đọc được %d", e.Table, e.Want, e.Rows)
	case storecopy.OpForeignKey:
		msg = fmt.Sprintf("đích: bảng %s, dòng %d trỏ tới một dòng không có trong bảng %s", e.Table, e.Rows, e.Ref)
	case storecopy.OpRestore:
		msg = fmt.Sprintf("đích: không bật lại được trigger và kiểm tra khóa ngoại: %v", e.Err)
	case storecopy.OpCommit:
		msg = fmt.Sprintf("đích: không ghi được giao dịch: %v", e.Err)
	default:
		return err
	}
	return &copyFailure{msg: msg, err: err}
}
