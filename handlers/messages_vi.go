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

// --- roster, training, report, feedback (officers' issue) ---
// Input parsing.
const (
	msgBadDate       = "Ngày chưa đúng. Vui lòng gõ theo dạng ngày/tháng/năm, ví dụ: 15/03/2026."
	msgDateNotReal   = "Ngày %s không có trên lịch. Vui lòng gõ lại, ví dụ: 28/02/2026."
	msgBadYear       = "Năm sinh chưa đúng. Vui lòng gõ 4 chữ số từ %d đến %d, ví dụ: 1990."
	msgBadNumber     = "Số chưa đúng. Vui lòng gõ một số, ví dụ: 12 hoặc 1.234 hoặc 75,5."
	msgBadCount      = "Vui lòng gõ một số nguyên không âm, ví dụ: 3."
	msgBadPercent    = "Vui lòng gõ tỷ lệ từ 0 đến 100, ví dụ: 75 hoặc 66,7."
	msgBadName       = "Họ và tên chưa đúng: chỉ gồm chữ cái, tối đa %d ký tự. Ví dụ: Lò Thị Mai."
	msgTextEmpty     = "Nội dung đang trống. Vui lòng gõ nội dung, ví dụ: Đã cử 2 viên chức dự lớp bồi dưỡng kỹ năng số."
	msgTextTooLong   = "Nội dung dài %d ký tự, tối đa %d ký tự. Vui lòng rút gọn, ví dụ chỉ nêu các ý chính."
	msgBadNationalID = "Số định danh cá nhân (CCCD) gồm 12 chữ số, ví dụ: 034090001234. Nếu chưa có, chọn «Bỏ qua»."
)

// --- status, export, import, audit (office issue) ---

// --- subscribers, announcements, vacancies, talent pool (outreach issue) ---

// --- scheduler: reminders and digests ---
