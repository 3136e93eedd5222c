package handlers

import "github.com/dttsbot/dttsbot/bot"

// Every word the bot says, in Vietnamese (NFC, full diacritics). Keep the
// register of a commune office: short, polite, clear. Group by feature.

// Router.
var routerMessages = bot.Messages{
	Unknown:         "Xin lỗi, tôi chưa hiểu yêu cầu này. Gõ /help để xem các lệnh bạn có thể dùng.",
	Forbidden:       "Xin lỗi, bạn không có quyền dùng lệnh này. Gõ /help để xem các lệnh của bạn.",
	Internal:        "Xin lỗi, hệ thống đang gặp sự cố nên chưa xử lý được yêu cầu. Vui lòng thử lại sau ít phút.",
	Stale:           "Bước này đã qua. Vui lòng trả lời câu hỏi mới nhất hoặc gõ /help.",
	Cancelled:       "Đã hủy thao tác. Không có gì được lưu.",
	NothingToCancel: "Hiện không có thao tác nào đang dở.",
	NothingToGoBack: "Không có bước trước để quay lại.",
	Resume:          "Bạn đang làm dở: %s. Tiếp tục từ bước dưới đây, hoặc gõ /huy để bỏ.",
}

// Help lines, one per command (SPEC §4).
const (
	helpStart     = "bắt đầu; kèm mã mời để nhận nhiệm vụ cán bộ đầu mối của đơn vị"
	helpHelp      = "xem các lệnh bạn có thể dùng"
	helpCancel    = "hủy thao tác đang làm, không lưu gì"
	helpBack      = "quay lại bước trước"
	helpLink      = "liên kết tài khoản Telegram và Zalo của bạn"
	helpStaff     = "danh sách cán bộ người DTTS của đơn vị: xem, thêm, sửa, ghi nhận nghỉ việc"
	helpTraining  = "ghi nhận đào tạo, bồi dưỡng: một người hoặc cả lớp"
	helpReport    = "báo cáo năm của đơn vị: soạn, tiếp tục, xem lại, gửi"
	helpFeedback  = "phản ánh khó khăn, vướng mắc tới Phòng Văn hóa - Xã hội"
	helpStatus    = "tình hình báo cáo và tỷ lệ đào tạo so với chỉ tiêu"
	helpExport    = "xuất báo cáo tổng hợp (Excel và văn bản .docx)"
	helpInvite    = "tạo mã mời cán bộ đầu mối cho một đơn vị"
	helpUnits     = "danh sách đơn vị và cán bộ đầu mối"
	helpAnnounce  = "gửi thông báo tuyên truyền, tuyển dụng"
	helpJobs      = "các vị trí đang tuyển dụng"
	helpPool      = "nguồn nhân lực người DTTS: giới thiệu, danh sách, lọc"
	helpSubscribe = "đăng ký nhận thông tin tuyển dụng, đào tạo, chính sách"
	helpStop      = "ngừng nhận thông tin"
	helpMyData    = "xem dữ liệu hệ thống lưu về bạn"
	helpForget    = "xóa dữ liệu của bạn"
	helpAudit     = "nhật ký thao tác gần đây"
)

// Start and help.
const (
	msgWelcomeStranger = "Xin chào! Đây là trợ lý số của %s về thực hiện Đề án phát triển đội ngũ cán bộ, công chức, viên chức người dân tộc thiểu số (Quyết định 470/QĐ-TTg).\n" +
		"Gõ /dangky để nhận thông tin tuyển dụng, đào tạo, chính sách. Gõ /help để xem các lệnh."
	msgWelcomeResident = "Xin chào! Bạn đang nhận thông tin từ %s. Gõ /help để xem các lệnh."
	msgWelcomeOfficer  = "Xin chào %s! Bạn là cán bộ đầu mối của %s. Gõ /help để xem các việc cần làm."
	msgWelcomeAdmin    = "Xin chào %s! Bạn là quản trị viên của Phòng Văn hóa - Xã hội. Gõ /help để xem các lệnh."
	msgHelpHeader      = "Các lệnh bạn có thể dùng:"
	msgHelpFooter      = "Trong một thao tác: /huy để hủy, /quaylai để quay lại bước trước."
	msgJoined          = "Bạn đã trở thành cán bộ đầu mối của %s. Gõ /help để xem các việc cần làm."
	msgInviteUnknown   = "Mã mời không đúng. Vui lòng kiểm tra lại mã (ví dụ: /start AbC123xyz_-q) hoặc liên hệ Phòng Văn hóa - Xã hội."
	msgInviteUsed      = "Mã mời này đã được sử dụng. Vui lòng đề nghị Phòng Văn hóa - Xã hội cấp mã mới."
	msgInviteExpired   = "Mã mời đã hết hạn. Vui lòng đề nghị Phòng Văn hóa - Xã hội cấp mã mới."
	msgAdminNoJoin     = "Bạn đang là quản trị viên nên không cần dùng mã mời."
	msgSomeone         = "bạn"
)

// Invites and units.
const (
	msgInvitePickUnit = "Chọn đơn vị cần mời cán bộ đầu mối:"
	msgInviteCreated  = "Mã mời cho %s: %s\nHiệu lực đến %s, dùng được một lần.\n" +
		"Telegram: mở liên kết %s\nZalo: nhắn cho bot dòng: /start %s"
	msgUnitsHeader   = "Các đơn vị và cán bộ đầu mối:"
	msgUnitNoOfficer = "chưa có cán bộ đầu mối (dùng /moi để mời)"
	msgPickInvalid   = "Vui lòng chọn một mục trong danh sách, hoặc gõ số thứ tự (ví dụ: 1)."
)

// Personal data.
const (
	msgMyDataHeader  = "Dữ liệu hệ thống đang lưu về bạn:"
	msgMyDataAccount = "- Tài khoản: %s (%s)"
	msgMyDataRole    = "- Vai trò: %s"
	msgMyDataUnit    = "- Đơn vị: %s"
	msgMyDataNone    = "- Ngoài tài khoản trên, hệ thống không lưu thêm thông tin nào về bạn."
)

var roleNames = map[bot.Role]string{
	bot.Stranger: "người dùng",
	bot.Resident: "người dân đăng ký nhận tin",
	bot.Officer:  "cán bộ đầu mối đơn vị",
	bot.Admin:    "quản trị viên (Phòng Văn hóa - Xã hội)",
}

// RouterMessages are the router's own sentences.
func RouterMessages() bot.Messages { return routerMessages }

// --- identity link (Zalo issue) ---
// Identity link (/lienket).
const (
	msgLinkCode = "Mã liên kết của bạn: %s\nMã dùng được một lần, hiệu lực đến %s (10 phút).\n" +
		"Mở %s, nhắn cho bot dòng sau để liên kết hai tài khoản:\n/lienket %s"
	msgLinkDone     = "Đã liên kết tài khoản %s này với tài khoản %s của bạn. Vai trò của bạn: %s."
	msgLinkDoneUnit = "Đã liên kết tài khoản %s này với tài khoản %s của bạn. Bạn là cán bộ đầu mối của %s."
	msgLinkNotice   = "Tài khoản %s vừa được liên kết với tài khoản của bạn. Nếu không phải bạn thực hiện, vui lòng báo ngay cho Phòng Văn hóa - Xã hội."
	msgLinkInvalid  = "Mã liên kết gồm 16 ký tự, ví dụ: /lienket K7QM-2XCD-9PRT-WY4H. Vui lòng kiểm tra lại."
	msgLinkUnknown  = "Mã liên kết không đúng. Vui lòng kiểm tra lại (ví dụ: /lienket K7QM-2XCD-9PRT-WY4H) hoặc gõ /lienket ở tài khoản kia để lấy mã mới."
	msgLinkUsed     = "Mã liên kết này đã được sử dụng. Gõ /lienket ở tài khoản kia để lấy mã mới."
	msgLinkExpired  = "Mã liên kết đã hết hạn (mã chỉ dùng được trong 10 phút). Gõ /lienket ở tài khoản kia để lấy mã mới."
	msgLinkSelf     = "Hai tài khoản này đã được liên kết rồi, không cần làm gì thêm."
	msgLinkTaken    = "Tài khoản tạo mã đã liên kết với một tài khoản %s khác. Vui lòng liên hệ Phòng Văn hóa - Xã hội nếu cần thay đổi."
	msgLinkLinked   = "Tài khoản này đã liên kết với một tài khoản khác. Vui lòng liên hệ Phòng Văn hóa - Xã hội nếu cần thay đổi."
	msgLinkUnits    = "Hai tài khoản đang là cán bộ đầu mối của hai đơn vị khác nhau nên chưa liên kết được. Vui lòng liên hệ Phòng Văn hóa - Xã hội."
	msgLinkGroup    = "Để bảo mật, vui lòng dùng /lienket trong cuộc trò chuyện riêng với bot, không dùng trong nhóm."
	msgLinkOther    = "tài khoản còn lại (Telegram hoặc Zalo)"
)

// channelNames are the channels as users know them.
var channelNames = map[string]string{"telegram": "Telegram", "zalo": "Zalo", "console": "thử nghiệm"}

// TextChannelWords are what a text-only channel (Zalo) adds to replies: the
// hint under a numbered list, the download-link line (%s name, %s URL) and
// the note for a file it cannot offer (%s name).
func TextChannelWords() struct{ ChoiceHint, MultiHint, Download, NoFile string } {
	return struct{ ChoiceHint, MultiHint, Download, NoFile string }{
		ChoiceHint: "Trả lời bằng số thứ tự hoặc tên mục, ví dụ: 1",
		MultiHint:  "Trả lời bằng các số thứ tự, cách nhau bởi dấu phẩy, ví dụ: 1, 3",
		Download:   "Tải tệp %s tại liên kết sau (liên kết có thời hạn):\n%s",
		NoFile:     "Tệp %s chưa gửi được qua kênh này. Vui lòng dùng Telegram để nhận tệp.",
	}
}

// --- roster, training, report, feedback (officers' issue) ---

// --- status, export, import, audit (office issue) ---

// --- subscribers, announcements, vacancies, talent pool (outreach issue) ---

// --- scheduler: reminders and digests ---
