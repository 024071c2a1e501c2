package fakexray

import (
	"fmt"
	"strconv"
	"strings"
)

// version is a parsed Xray version (major.minor.patch).
type version [3]int

// Versions from which routes exist, as JFrog documents them (see DESIGN.md).
var (
	minJiraVersion   = version{3, 129, 0}
	minStatusVersion = version{3, 136, 0}
)

// parseVersion accepts "3.140", "3.140.0" and suffixed forms such as
// "3.140.0-rc1" (the suffix is ignored: gating only needs the numbers).
func parseVersion(s string) (version, error) {
	var v version
	core, _, _ := strings.Cut(strings.TrimSpace(s), "-")
	parts := strings.Split(core, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return v, fmt.Errorf("invalid Xray version %q (want major.minor[.patch])", s)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, fmt.Errorf("invalid Xray version %q (want major.minor[.patch])", s)
		}
		v[i] = n
	}
	return v, nil
}

// atLeast reports whether v >= floor.
func (v version) atLeast(floor version) bool {
	for i := range v {
		if v[i] != floor[i] {
			return v[i] > floor[i]
		}
	}
	return true
}
