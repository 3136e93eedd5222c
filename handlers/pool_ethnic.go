package handlers

import "github.com/dttsbot/dttsbot/bot"

// poolEthnicGroups are Vietnam's 54 ethnic groups with their 2008 codes
// (Quyết định 1019/QĐ-TCTK), from shared/data/dan-toc.csv: the first name is
// the official one, then the 1979 spelling and common aliases. It is a small
// local lookup for the talent pool; swap it for the shared one once the
// roster's lookup is on main.
var poolEthnicGroups = []struct {
	Code  string
	Names []string
}{
	{"01", []string{"Kinh", "Việt"}},
	{"02", []string{"Tày"}},
	{"03", []string{"Thái"}},
	{"04", []string{"Mường"}},
	{"05", []string{"Khơ Me", "Khơ-me", "Khmer"}},
	{"06", []string{"Hoa", "Người Hoa"}},
	{"07", []string{"Nùng"}},
	{"08", []string{"Mông", "HMông", "H'Mông", "Hmong", "Mèo"}},
	{"09", []string{"Dao"}},
	{"10", []string{"Gia Rai", "Gia-rai", "Jarai"}},
	{"11", []string{"Ê Đê", "Ê-đê", "Rhade"}},
	{"12", []string{"Ba Na", "Ba-na", "Bahnar"}},
	{"13", []string{"Sán Chay"}},
	{"14", []string{"Chăm"}},
	{"15", []string{"Cơ Ho", "Cơ-ho"}},
	{"16", []string{"Xơ Đăng", "Xơ-đăng"}},
	{"17", []string{"Sán Dìu"}},
	{"18", []string{"Hrê"}},
	{"19", []string{"Ra Glai", "Ra-glai"}},
	{"20", []string{"Mnông"}},
	{"21", []string{"Thổ"}},
	{"22", []string{"Xtiêng"}},
	{"23", []string{"Khơ Mú", "Khơ-mú"}},
	{"24", []string{"Bru Vân Kiều", "Bru-Vân Kiều"}},
	{"25", []string{"Cơ Tu", "Cơ-tu"}},
	{"26", []string{"Giáy"}},
	{"27", []string{"Tà Ôi", "Tà-ôi"}},
	{"28", []string{"Mạ"}},
	{"29", []string{"Giẻ Triêng", "Gié-Triêng", "Gié Triêng"}},
	{"30", []string{"Co"}},
	{"31", []string{"Chơ Ro", "Chơ-ro"}},
	{"32", []string{"Xinh Mun", "Xinh-mun"}},
	{"33", []string{"Hà Nhì"}},
	{"34", []string{"Chu Ru", "Chu-ru"}},
	{"35", []string{"Lào"}},
	{"36", []string{"La Chí"}},
	{"37", []string{"Kháng"}},
	{"38", []string{"Phù Lá"}},
	{"39", []string{"La Hủ"}},
	{"40", []string{"La Ha"}},
	{"41", []string{"Pà Thẻn"}},
	{"42", []string{"Lự"}},
	{"43", []string{"Ngái"}},
	{"44", []string{"Chứt"}},
	{"45", []string{"Lô Lô"}},
	{"46", []string{"Mảng"}},
	{"47", []string{"Cơ Lao", "Cờ Lao"}},
	{"48", []string{"Bố Y"}},
	{"49", []string{"Cống"}},
	{"50", []string{"Si La"}},
	{"51", []string{"Pu Péo"}},
	{"52", []string{"Rơ Măm", "Rơ-măm"}},
	{"53", []string{"Brâu"}},
	{"54", []string{"Ơ Đu"}},
}

// poolKinh is the code of the majority group (not an ethnic minority).
const poolKinh = "01"

// poolEthnic finds a group by any of its names, ignoring case, diacritics,
// hyphens and apostrophes; it returns the 2008 code and the official name.
func poolEthnic(s string) (code, name string, ok bool) {
	want := poolEthnicKey(s)
	if want == "" {
		return "", "", false
	}
	for _, g := range poolEthnicGroups {
		for _, n := range g.Names {
			if poolEthnicKey(n) == want {
				return g.Code, g.Names[0], true
			}
		}
	}
	return "", "", false
}

// poolEthnicName is the official name of a 2008 code ("" if unknown).
func poolEthnicName(code string) string {
	for _, g := range poolEthnicGroups {
		if g.Code == code {
			return g.Names[0]
		}
	}
	return ""
}

func poolEthnicKey(s string) string {
	f := bot.Fold(s)
	out := make([]rune, 0, len(f))
	for _, r := range f {
		if r != ' ' && r != '-' && r != '\'' && r != '’' {
			out = append(out, r)
		}
	}
	return string(out)
}
