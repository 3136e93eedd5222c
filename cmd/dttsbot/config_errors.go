package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	yamlFieldRe = regexp.MustCompile(`^line (\d+): field (\S+) not found in type`)
	yamlTypeRe  = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `.*`)? into (.+)$")
)

// yamlError turns a decoding error of config file b into one line that
// names the key and what it wants. The value is never repeated: it may be
// a token written under the wrong key.
func yamlError(b []byte, err error) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) || len(te.Errors) == 0 {
		return strings.Join(strings.Fields(strings.TrimPrefix(err.Error(), "yaml: ")), " ")
	}
	first := te.Errors[0]
	if m := yamlFieldRe.FindStringSubmatch(first); m != nil {
		return fmt.Sprintf("line %s: unknown key %q (see config.example.yaml for the keys)", m[1], m[2])
	}
	if m := yamlTypeRe.FindStringSubmatch(first); m != nil {
		line, _ := strconv.Atoi(m[1])
		key := keyAtLine(b, line, m[2])
		if key == "" {
			key = "the file"
		}
		return fmt.Sprintf("line %d: %s: want %s", line, key, wantType(m[3]))
	}
	return strings.Join(strings.Fields(first), " ")
}

// wantType says in words what a Go type of Config holds.
func wantType(goType string) string {
	switch {
	case goType == "int" || goType == "int64":
		return "a whole number"
	case goType == "float64":
		return "a number"
	case goType == "string":
		return "a text"
	case goType == "bool":
		return "true or false"
	case goType == "time.Duration":
		return "a duration, e.g. 24h"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map[") || strings.HasPrefix(goType, "struct") || goType == "main.Config":
		return "a section of keys"
	}
	return "another kind of value"
}

// keyAtLine finds the dotted key (e.g. "limits.workers", "admins[1]")
// whose value starts at line and is of the YAML kind named by tag ("seq",
// "map" or a scalar's tag), the innermost one (a list inside a list fails
// inside); "" when none is.
func keyAtLine(b []byte, line int, tag string) string {
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil {
		return ""
	}
	kind := yaml.ScalarNode
	switch tag {
	case "seq":
		kind = yaml.SequenceNode
	case "map":
		kind = yaml.MappingNode
	}
	best, bestDepth := "", -1
	var walk func(n *yaml.Node, path string, depth int)
	walk = func(n *yaml.Node, path string, depth int) {
		if n == nil || depth > 32 {
			return
		}
		if n.Line == line && n.Kind == kind && path != "" && depth > bestDepth {
			best, bestDepth = path, depth
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path, depth+1)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if path != "" {
					k = path + "." + k
				}
				walk(n.Content[i+1], k, depth+1)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i), depth+1)
			}
		}
	}
	walk(&doc, "", 0)
	return best
}
