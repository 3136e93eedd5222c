package handlers

import "github.com/dttsbot/dttsbot/plan"

// poolKinh is the code of the majority group (not an ethnic minority).
const poolKinh = plan.KinhCode

// poolEthnic finds a group by any of its names or aliases, with or without
// diacritics (the shared lookup of plan/ethnic.go); it returns the 2008
// code and the official name.
func poolEthnic(s string) (code, name string, ok bool) {
	e, m, _ := plan.LookupEthnic(s)
	if m != plan.Found {
		return "", "", false
	}
	return e.Code, e.Name, true
}

// poolEthnicName is the official name of a 2008 code ("" if unknown).
func poolEthnicName(code string) string {
	if e, ok := plan.EthnicByCode(code); ok {
		return e.Name
	}
	return ""
}
