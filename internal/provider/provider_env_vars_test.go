package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/loglevel"
)

// Every environment variable the provider's code reads (os.Getenv, os.LookupEnv in this
// package) is in the precedence table, which TestDocsPrecedenceTable holds equal to the docs.
// A read whose name is not a constant must be listed in indirect below with the names it can
// take, so a new read cannot slip past undocumented.
func TestEveryEnvVarReadIsInThePrecedenceTable(t *testing.T) {
	// Reads whose argument is not a constant, by the argument's source text.
	indirect := map[string][]string{
		"name":                allBareEnvVars(), // fromConfigOrEnv, pemOrFile: names from precedence itself
		"tagged":              {tfcTokenEnvVar + "_<tag>"},
		"providerLogVariable": {loglevel.ProviderVariable(Address)},
	}
	consts := map[string]string{}
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var parsed []*ast.File
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, file)
		for _, d := range file.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, spec := range g.Specs {
					vs, ok := spec.(*ast.ValueSpec)
					if !ok {
						continue
					}
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
								consts[n.Name], _ = strconv.Unquote(lit.Value)
							}
						}
					}
				}
			}
		}
	}
	table := precedenceTable()
	reads := 0
	for _, file := range parsed {
		src, _ := os.ReadFile(fset.File(file.Pos()).Name())
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "os" || (sel.Sel.Name != "Getenv" && sel.Sel.Name != "LookupEnv") {
				return true
			}
			reads++
			arg := call.Args[0]
			var names []string
			switch a := arg.(type) {
			case *ast.BasicLit:
				v, _ := strconv.Unquote(a.Value)
				names = []string{v}
			case *ast.Ident:
				if v, ok := consts[a.Name]; ok {
					names = []string{v}
				}
			}
			text := string(src[fset.Position(arg.Pos()).Offset:fset.Position(arg.End()).Offset])
			if names == nil {
				names, ok = indirect[text]
				if !ok {
					t.Errorf("%s: os.%s(%s) reads a variable this test cannot name; add it to the precedence table and to indirect",
						fset.Position(call.Pos()), sel.Sel.Name, text)
				}
			}
			for _, name := range names {
				if !strings.Contains(table, "`"+name+"`") {
					t.Errorf("%s: %s (read by os.%s(%s)) is not in the precedence table", fset.Position(call.Pos()), name, sel.Sel.Name, text)
				}
			}
			return true
		})
	}
	if reads < 5 {
		t.Fatalf("found only %d reads of the environment; is the test looking at the right files?", reads)
	}
}

// allBareEnvVars are the environment variables the precedence table names as bare names.
func allBareEnvVars() []string {
	var out []string
	for _, row := range precedence {
		for _, v := range row.envVars {
			if !strings.ContainsAny(v, " `") {
				out = append(out, v)
			}
		}
	}
	return out
}
