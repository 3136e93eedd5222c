package tgfake

import (
	"fmt"
	"strconv"
	"strings"
)

// htmlTags are the tags of Telegram's HTML parse mode.
var htmlTags = map[string]bool{"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true, "a": true, "code": true,
	"pre": true, "blockquote": true, "tg-emoji": true}

// ParseHTML applies Telegram's HTML parse mode and returns the plain text, or
// an error where Telegram would answer "can't parse entities": an unknown or
// unbalanced tag, or a bare '<', '>' or '&' (they must be written &lt;, &gt;,
// &amp;). Entities: &lt; &gt; &amp; &quot; and numeric ones.
func ParseHTML(s string) (string, error) {
	var b strings.Builder
	var stack []string
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", fmt.Errorf("unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+j]
			closing := strings.HasPrefix(tag, "/")
			name := strings.TrimPrefix(tag, "/")
			if k := strings.IndexAny(name, " \t\n"); k >= 0 {
				name = name[:k]
			}
			name = strings.ToLower(name)
			if !htmlTags[name] {
				return "", fmt.Errorf("unsupported start tag %q at byte offset %d", name, i)
			}
			if closing {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", fmt.Errorf("unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top(stack), name)
				}
				stack = stack[:len(stack)-1]
			} else {
				stack = append(stack, name)
			}
			i += j + 1
		case '>':
			return "", fmt.Errorf("character '>' is reserved at byte offset %d", i)
		case '&':
			j := strings.IndexByte(s[i:], ';')
			if j < 0 || j > 10 {
				return "", fmt.Errorf("character entity expected at byte offset %d", i)
			}
			r, ok := entity(s[i+1 : i+j])
			if !ok {
				return "", fmt.Errorf("unsupported HTML entity %q at byte offset %d", s[i:i+j+1], i)
			}
			b.WriteString(r)
			i += j + 1
		default:
			b.WriteByte(c)
			i++
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("can't find end tag corresponding to start tag \"%s\"", top(stack))
	}
	return b.String(), nil
}

func top(stack []string) string {
	if len(stack) == 0 {
		return ""
	}
	return stack[len(stack)-1]
}

func entity(name string) (string, bool) {
	switch name {
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "amp":
		return "&", true
	case "quot":
		return `"`, true
	}
	if n, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		if h, ok := strings.CutPrefix(strings.ToLower(n), "x"); ok {
			n, base = h, 16
		}
		v, err := strconv.ParseInt(n, base, 32)
		if err != nil || v <= 0 || v > 0x10FFFF {
			return "", false
		}
		return string(rune(v)), true
	}
	return "", false
}
