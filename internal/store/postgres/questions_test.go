package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestQuestionConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunQuestions(t, func(t *testing.T) storetest.QuestionStores { return openStore(t, freshSchema(t)) })
}

func TestConsultationConformance(t *testing.T) {
	testDSN(t)
	storetest.RunConsultations(t, func(t *testing.T) storetest.ConsultationStores { return openStore(t, freshSchema(t)) })
}

func TestUnitConformance(t *testing.T) {
	testDSN(t)
	storetest.RunUnits(t, func(t *testing.T) storetest.UnitStores { return openStore(t, freshSchema(t)) })
}
