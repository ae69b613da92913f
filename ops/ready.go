package ops

import (
	"context"
	"encoding/json"
	"net/http"
)

// Check is one condition of readiness: Run returns nil when it holds, or
// an error saying, for an operator, what is not ready.
type Check struct {
	Name string
	Run  func(ctx context.Context) error
}

// Readiness is the body of a readiness answer.
type Readiness struct {
	Ready  bool          `json:"ready"`
	Checks []CheckResult `json:"checks"`
}

// CheckResult is one check's outcome.
type CheckResult struct {
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// Ready returns a handler that runs every check and answers 200 when all
// hold, 503 otherwise, with a JSON Readiness body naming what is not
// ready.
func Ready(checks ...Check) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res := Readiness{Ready: true, Checks: make([]CheckResult, 0, len(checks))}
		for _, c := range checks {
			cr := CheckResult{Name: c.Name, OK: true}
			if err := c.Run(r.Context()); err != nil {
				cr.OK, cr.Error, res.Ready = false, err.Error(), false
			}
			res.Checks = append(res.Checks, cr)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if !res.Ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(res)
	})
}
