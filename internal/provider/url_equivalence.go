package provider

import "github.com/platformkit/terraform-provider-xray/internal/xray"

// equivalentURLs is the client's URL equivalence (xray.EquivalentURLs): drift detection uses the
// same rule as the client's recognition of its own create after a lost answer.
func equivalentURLs(a, b string) bool { return xray.EquivalentURLs(a, b) }
