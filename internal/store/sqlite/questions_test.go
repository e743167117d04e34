package sqlite_test

import (
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestQuestionConformance(t *testing.T) {
	storetest.RunQuestions(t, func(t *testing.T) storetest.QuestionStores { return open(t).(*sqlite.DB) })
}

func TestConsultationConformance(t *testing.T) {
	storetest.RunConsultations(t, func(t *testing.T) storetest.ConsultationStores { return open(t).(*sqlite.DB) })
}

func TestUnitConformance(t *testing.T) {
	storetest.RunUnits(t, func(t *testing.T) storetest.UnitStores { return open(t).(*sqlite.DB) })
}
