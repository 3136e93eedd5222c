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
	GroupPrivate:    "Trong nhóm, mọi thành viên đều đọc được câu trả lời. Vui lòng nhắn riêng cho bot để dùng lệnh này.",
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

// Shared words of the officers' flows.
const (
	lblSkip            = "Bỏ qua"
	lblDone            = "Xong"
	lblSave            = "Lưu"
	lblCancel          = "Hủy"
	lblClose           = "Đóng"
	lblYes             = "Có"
	lblNo              = "Không"
	lblKeep            = "Giữ nguyên"
	lblDelete          = "Xóa"
	lblAnswer          = "Trả lời"
	msgClosed          = "Đã đóng. Gõ /help để xem các lệnh."
	msgPickUnit        = "Chọn đơn vị:"
	msgPickField       = "Chọn thông tin cần sửa:"
	msgPickSomeone     = "Vui lòng chọn ít nhất một mục rồi bấm «Xong», hoặc gõ các số, ví dụ: 1, 3."
	msgPickManyInvalid = "Vui lòng chọn trong danh sách, hoặc gõ các số thứ tự cách nhau bởi dấu phẩy, ví dụ: 1, 3, 5."
	msgSelected        = "Đã chọn: %d."
	msgCurrentValue    = "Hiện tại: %s"
	msgUnknownValue    = "chưa có"
	msgNothingChanged  = "Không thay đổi gì."
	msgDateFuture      = "Ngày không được sau hôm nay (%s). Vui lòng gõ lại, ví dụ: 01/08/2020."
	msgCoverageLine    = "Tỷ lệ được đào tạo, bồi dưỡng đầy đủ — đơn vị: %s; toàn xã: %s. Chỉ tiêu năm %d: %s%%."
	msgCoverageChange  = "Tỷ lệ được đào tạo, bồi dưỡng đầy đủ — đơn vị: %s → %s; toàn xã: %s → %s. Chỉ tiêu năm %d: %s%%."
	msgCoverageOf      = "%d/%d người (%s%%)"
	msgCoverageNone    = "chưa có"
)

// Roster (/canbo).
const (
	titleStaff          = "danh sách cán bộ"
	lblStaffAdd         = "Thêm cán bộ"
	lblStaffEdit        = "Sửa thông tin"
	lblStaffLeft        = "Ghi nhận nghỉ việc"
	lblSaveAnyway       = "Vẫn lưu"
	lblLeft             = "đã nghỉ"
	lblName             = "Họ và tên"
	lblYear             = "Năm sinh"
	lblSex              = "Giới tính"
	lblEthnic           = "Dân tộc"
	lblNationalID       = "Số định danh cá nhân"
	lblCategory         = "Đối tượng"
	lblPosition         = "Chức vụ, vị trí việc làm"
	lblLvProfessional   = "Trình độ chuyên môn"
	lblLvPolitical      = "Lý luận chính trị"
	lblLvStateMgmt      = "Quản lý nhà nước"
	lblLvDigital        = "Tin học, kỹ năng số"
	lblInPlanning       = "Trong quy hoạch"
	lblJoined           = "Ngày vào làm"
	askName             = "Họ và tên (ví dụ: Lò Thị Mai):"
	askYear             = "Năm sinh (ví dụ: 1990):"
	askSex              = "Giới tính:"
	askEthnic           = "Dân tộc (ví dụ: Tày, Thái, Mường, Mông, Khơ Me):"
	askNationalID       = "Số định danh cá nhân (CCCD, 12 chữ số), hoặc chọn «Bỏ qua»:"
	askCategory         = "Là cán bộ, công chức, viên chức hay người lao động?"
	askPosition         = "Chức vụ, vị trí việc làm (ví dụ: Giáo viên), hoặc chọn «Bỏ qua»:"
	askLvProfessional   = "Trình độ chuyên môn:"
	askLvPolitical      = "Trình độ lý luận chính trị:"
	askLvStateMgmt      = "Trình độ quản lý nhà nước:"
	askLvDigital        = "Trình độ tin học, kỹ năng số:"
	askInPlanning       = "Có trong quy hoạch không?"
	askJoined           = "Ngày vào làm việc tại đơn vị (ví dụ: 01/08/2020), hoặc chọn «Bỏ qua»:"
	askLeftDate         = "Ngày %s thôi công tác (ví dụ: 30/06/2026):"
	msgRosterHeader     = "Danh sách người dân tộc thiểu số của %s:"
	msgRosterEmpty      = "Chưa có ai trong danh sách."
	msgFullyTrainedMark = "✓ đã được đào tạo đầy đủ"
	msgLeftOn           = "đã nghỉ việc từ %s"
	msgStaffSummary     = "Vui lòng kiểm tra trước khi lưu:"
	msgStaffSaved       = "Đã lưu %s vào danh sách."
	msgStaffCard        = "Thông tin của %s:"
	msgStaffUpdated     = "Đã cập nhật %s của %s: %s."
	msgStaffLeftSaved   = "Đã ghi nhận %s nghỉ việc từ %s. Thông tin vẫn được lưu để theo dõi."
	msgPickStaffEdit    = "Chọn người cần sửa thông tin:"
	msgPickStaffLeft    = "Chọn người nghỉ việc:"
	msgNoActiveStaff    = "Đơn vị chưa có ai đang công tác trong danh sách. Vui lòng chọn «Thêm cán bộ», ví dụ gõ: 1."
	msgAlreadyLeft      = "Người này đã được ghi nhận nghỉ việc trước đó."
	msgLeftBeforeJoined = "Ngày nghỉ việc không được trước ngày vào làm (%s). Vui lòng gõ lại, ví dụ: 30/06/2026."
	msgDupWarning       = "⚠ Có thể trùng với người đã có trong danh sách:"
	msgDupHere          = "- %s (%d), trong đơn vị — %s"
	msgDupAdmin         = "- %s (%d), %s — %s"
	msgDupElsewhere     = "- một người ở đơn vị khác — %s (vui lòng liên hệ Phòng Văn hóa - Xã hội)"
	msgDupSameID        = "trùng số định danh"
	msgDupSameName      = "trùng họ tên và năm sinh"
	msgEthnicKinh       = "Danh sách chỉ theo dõi người dân tộc thiểu số (Quyết định 470/QĐ-TTg), không gồm dân tộc Kinh. Nếu nhập nhầm, vui lòng gõ lại, ví dụ: Tày."
	msgEthnicAmbiguous  = "Tên này khớp với nhiều dân tộc: %s. Vui lòng gõ đầy đủ một tên, ví dụ: Khơ Me."
	msgEthnicSuggest    = "Không tìm thấy dân tộc này. Có phải %s? Vui lòng gõ đầy đủ tên, ví dụ: %s."
	msgEthnicUnknown    = "Không tìm thấy dân tộc này trong 54 dân tộc. Vui lòng gõ tên dân tộc, ví dụ: Tày, Thái, Mường, Mông, Khơ Me."
)

// Training (/daotao).
const (
	titleTraining       = "ghi nhận đào tạo"
	lblTrainingNew      = "Ghi nhận đào tạo mới"
	lblTrainingRecent   = "Sửa/xóa mục đã nhập"
	lblArea             = "Lĩnh vực"
	lblCourse           = "Khóa học"
	lblOrganiser        = "Đơn vị tổ chức"
	lblFrom             = "Ngày bắt đầu"
	lblTo               = "Ngày kết thúc"
	lblDates            = "Thời gian"
	lblStatus           = "Tình trạng"
	lblCertificate      = "Giấy chứng nhận"
	lblSameDay          = "Cùng ngày"
	askTrainingMenu     = "Bạn muốn làm gì?"
	askWho              = "Chọn người tham gia (bấm từng người rồi bấm «Xong», hoặc gõ các số, ví dụ: 1, 3, 5):"
	askArea             = "Lĩnh vực đào tạo, bồi dưỡng:"
	askCourse           = "Tên khóa học, lớp bồi dưỡng (ví dụ: Bồi dưỡng kỹ năng số cho cán bộ cấp xã):"
	askOrganiser        = "Cơ quan tổ chức lớp (ví dụ: Trường Chính trị thành phố), hoặc chọn «Bỏ qua»:"
	askFrom             = "Ngày bắt đầu (ví dụ: 15/03/2026):"
	askTo               = "Ngày kết thúc (ví dụ: 20/03/2026), hoặc chọn «Cùng ngày»:"
	askStatus           = "Tình trạng:"
	askCertificate      = "Gửi ảnh chụp giấy chứng nhận (nếu có), hoặc chọn «Bỏ qua»."
	askRecent           = "Các mục đào tạo bạn nhập gần đây (tối đa %d). Chọn mục cần sửa hoặc xóa:"
	askDeleteTraining   = "Xóa mục đào tạo của %s: «%s»?"
	msgToBeforeFrom     = "Ngày kết thúc không được trước ngày bắt đầu (%s). Vui lòng gõ lại, ví dụ: 20/03/2026."
	msgFromAfterTo      = "Ngày bắt đầu không được sau ngày kết thúc (%s). Vui lòng gõ lại, ví dụ: 15/03/2026."
	msgCertInvalid      = "Vui lòng gửi một ảnh chụp giấy chứng nhận, hoặc chọn «Bỏ qua» (ví dụ gõ: bỏ qua)."
	msgCertYes          = "đã có ảnh"
	msgCertNone         = "chưa có"
	msgPeople           = "Người tham gia (%d): %s"
	msgTrainingSummary  = "Vui lòng kiểm tra trước khi lưu:"
	msgTrainingSaved    = "Đã lưu %d mục đào tạo, bồi dưỡng."
	msgTrainingNoStaff  = "Đơn vị chưa có ai đang công tác trong danh sách. Vui lòng thêm trước, ví dụ: gõ /canbo rồi chọn «Thêm cán bộ»."
	msgNoRecentTraining = "Bạn chưa nhập mục đào tạo nào cho đơn vị này. Vui lòng chọn «Ghi nhận đào tạo mới», ví dụ gõ: 1."
	msgTrainingEntry    = "Mục đào tạo của %s:"
	msgTrainingUpdated  = "Đã cập nhật mục đào tạo của %s:"
	msgTrainingDeleted  = "Đã xóa mục đào tạo của %s: «%s»."
)

// Unit report (/baocao).
const (
	titleReport            = "báo cáo năm"
	lblCorrect             = "Đúng"
	lblNothing             = "Không có"
	lblSubmit              = "Gửi báo cáo"
	lblContinue            = "Trả lời tiếp"
	lblEditAnswer          = "Sửa một câu"
	lblLater               = "Lưu nháp, gửi sau"
	lblReviewNow           = "Xem và duyệt"
	lblReviewUnit          = "Duyệt: %s"
	lblOwnReport           = "Soạn báo cáo của đơn vị mình"
	lblAccept              = "Chấp nhận"
	lblReturn              = "Trả lại để sửa"
	lblBackToList          = "Quay lại danh sách"
	lblSendBack            = "Gửi trả lại"
	msgReportIntro         = "Báo cáo năm %d của %s: đã trả lời %d/%d câu. Hạn gửi: %s. Mỗi câu trả lời được lưu ngay; bạn có thể dừng và gõ /baocao để tiếp tục bất cứ lúc nào."
	msgReportReturnedIntro = "Phòng Văn hóa - Xã hội đã trả lại báo cáo, đề nghị sửa %d câu; các câu khác được giữ nguyên."
	msgReportWaiting       = "Báo cáo năm %d của %s đã gửi (lần %d, lúc %s) và đang chờ Phòng Văn hóa - Xã hội xem xét."
	msgReportAccepted      = "Báo cáo năm %d của %s đã được Phòng Văn hóa - Xã hội chấp nhận."
	msgReportClosed        = "Báo cáo năm %d đã được gửi nên không sửa được nữa. Gõ /baocao để xem tình trạng."
	msgQuestionHeader      = "Câu %d/%d. %s"
	msgQuestionComment     = "Góp ý của Phòng Văn hóa - Xã hội: %s"
	msgQuestionPrevious    = "Trả lời đã lưu: %s"
	msgFigureKnown         = "Số liệu hệ thống: %s\nBấm «Đúng» (hoặc gõ: đúng) nếu số liệu đúng; nếu chưa đúng, gõ số đúng, ví dụ: 3."
	msgFigureAsk           = "Vui lòng gõ số liệu, ví dụ: 3."
	msgFigureCorrected     = "Đã ghi số liệu đơn vị báo cáo: %s (số liệu hệ thống: %s; cả hai được lưu)."
	msgTextAsk             = "Vui lòng gõ nội dung (tối đa %d ký tự)."
	msgNothingValue        = "Không có."
	msgNotAnswered         = "(chưa trả lời)"
	msgWasPrefilled        = "(hệ thống: %s)"
	msgToFix               = "— cần sửa: %s"
	msgReviewHeader        = "Xem lại báo cáo năm %d của %s:"
	msgReviewIncomplete    = "Còn câu chưa trả lời hoặc cần sửa. Vui lòng trả lời hết trước khi gửi, ví dụ chọn «Trả lời tiếp»."
	msgPickQuestion        = "Chọn câu cần sửa:"
	msgReportDraftSaved    = "Đã lưu bản nháp. Gõ /baocao để tiếp tục khi thuận tiện."
	msgReportSubmitted     = "Đã gửi báo cáo năm %d (lần %d) tới Phòng Văn hóa - Xã hội. Cảm ơn đơn vị."
	msgReportLate          = "Báo cáo được ghi nhận nộp muộn (hạn %s)."
	msgLateMark            = "(nộp muộn)"
	msgReportToAdmin       = "%s đã gửi báo cáo năm %d (lần %d)."
	msgReportListHeader    = "Báo cáo năm %d của các đơn vị (hạn %s):"
	msgReportMissing       = "chưa bắt đầu"
	msgReportSentOn        = "— gửi lúc %s, lần %d"
	msgNothingToReview     = "Chưa có báo cáo nào chờ duyệt."
	msgReportView          = "Báo cáo năm %d — %s\nTình trạng: %s (lần %d, gửi lúc %s)"
	msgAlreadyReviewed     = "Báo cáo này đã được duyệt hoặc chưa được gửi. Vui lòng gõ lại /baocao để xem danh sách mới nhất."
	msgAcceptedDone        = "Đã chấp nhận báo cáo của %s (năm %d). Đơn vị đã được thông báo."
	msgAcceptedToUnit      = "Báo cáo năm %d của %s đã được Phòng Văn hóa - Xã hội chấp nhận. Cảm ơn đơn vị."
	askReturnQuestions     = "Chọn các câu cần đơn vị sửa (bấm từng câu rồi bấm «Xong», hoặc gõ các số, ví dụ: 2, 5):"
	askReturnComment       = "Góp ý cho câu %d. %s\nTrả lời của đơn vị: %s\nVui lòng nhập góp ý:"
	msgCommentLine         = "Câu %d (%s): %s"
	msgReturnSummary       = "Trả lại báo cáo của %s với các góp ý:"
	msgReturnedDone        = "Đã trả lại báo cáo của %s (năm %d). Đơn vị đã được thông báo."
	msgReturnedToUnit      = "Phòng Văn hóa - Xã hội đề nghị sửa báo cáo năm %d của %s:"
	msgReturnedHowTo       = "Gõ /baocao để sửa các câu trên rồi gửi lại; các câu khác được giữ nguyên."
)

// Feedback (/phananh).
const (
	titleFeedback           = "phản ánh"
	askFeedback             = "Vui lòng nhập nội dung khó khăn, vướng mắc cần phản ánh tới Phòng Văn hóa - Xã hội (tối đa %d ký tự):"
	msgFeedbackPending      = "Đơn vị đang có %d phản ánh chờ trả lời."
	msgFeedbackSent         = "Đã gửi phản ánh #%d tới Phòng Văn hóa - Xã hội. Bạn sẽ nhận được trả lời tại đây."
	msgFeedbackToAdmin      = "Phản ánh #%d từ %s (%s):\n%s\n\nBấm «Trả lời» hoặc gõ /phananh để trả lời."
	msgNoOpenFeedback       = "Hiện không có phản ánh nào chờ trả lời."
	msgOpenFeedback         = "Có %d phản ánh chờ trả lời. Chọn phản ánh cần trả lời:"
	askFeedbackAnswer       = "Phản ánh #%d của %s (%s):\n%s\n\nVui lòng nhập nội dung trả lời (tối đa %d ký tự):"
	msgFeedbackAnswered     = "Phản ánh #%d đã được trả lời trước đó."
	msgFeedbackAnswerSent   = "Đã gửi trả lời phản ánh #%d tới %s."
	msgFeedbackAnswerToUnit = "Phòng Văn hóa - Xã hội trả lời phản ánh #%d:\n«%s»\n\nTrả lời: %s"
)

// --- status, export, import, audit (office issue) ---

// Status (/trangthai).
const (
	msgStatusHeader       = "Tình hình thực hiện Kế hoạch năm %d (cập nhật %s)"
	msgStatusDaysLeft     = "Hạn gửi báo cáo: %s — còn %d ngày."
	msgStatusDueToday     = "Hạn gửi báo cáo: hôm nay, %s."
	msgStatusOverdue      = "Hạn gửi báo cáo: %s — đã quá hạn %d ngày."
	msgStatusReports      = "Báo cáo: %d/%d đơn vị đã gửi (%d đã tiếp nhận); %d đang soạn; %d bị trả lại; %d chưa có; %d muộn hạn."
	msgStatusCommune      = "Đào tạo, bồi dưỡng đầy đủ toàn xã: %s."
	msgStatusFeedback     = "Phản ánh chưa trả lời: %d."
	msgStatusUnits        = "Từng đơn vị:"
	msgStatusUnit         = "%s — báo cáo: %s; đào tạo đầy đủ: %s"
	msgStatusUnitFeedback = "; phản ánh chờ trả lời: %d"
	msgStatusUnitActivity = "; cập nhật gần nhất: %s"
	msgStatusLate         = "nộp muộn"
	msgStatusOverdueUnit  = "quá hạn"
	msgStatusShort        = ", còn thiếu %d người so với chỉ tiêu %s%%"
	msgStatusMet          = ", đạt chỉ tiêu %s%%"
	msgStatusNoUnit       = "Chưa có đơn vị nào trong kế hoạch."
)

// statusWords names a report's state, the same words in /trangthai and in
// the office's /baocao review.
var statusWords = map[string]string{
	"":          "chưa có",
	"draft":     "đang soạn",
	"submitted": "đã gửi",
	"returned":  "bị trả lại, chờ gửi lại",
	"accepted":  "đã tiếp nhận",
}

// Export (/xuat) and import (/nhap).
const (
	helpImport            = "nhập danh sách cán bộ từ tệp Excel (.xlsx) hoặc .csv theo mẫu của /xuat"
	msgExportReady        = "Tệp tổng hợp năm %d: bảng Excel (5 trang; trang «Cán bộ DTTS» là mẫu để nhập bằng /nhap) và dự thảo báo cáo gửi Sở Nội vụ (.docx) để chỉnh sửa, trình ký."
	titleImport           = "nhập danh sách cán bộ"
	askImportFile         = "Vui lòng gửi tệp danh sách cán bộ (.xlsx hoặc .csv, tối đa 10 MB) theo mẫu trang «%s» của tệp Excel lấy bằng lệnh /xuat. Gõ /huy để thôi."
	msgImportNeedFile     = "Vui lòng gửi tệp .xlsx hoặc .csv (đính kèm tệp, không gõ chữ), ví dụ tệp lấy từ lệnh /xuat."
	msgImportNoFetcher    = "Kênh này chưa nhận được tệp. Vui lòng gửi tệp qua Telegram, hoặc trên máy chủ chạy: dttsbot import staff TỆP.xlsx"
	msgImportTooBig       = "Tệp lớn quá %d MB. Vui lòng chỉ giữ trang «Cán bộ DTTS» rồi gửi lại."
	msgImportFetchFailed  = "Chưa tải được tệp. Vui lòng gửi lại tệp sau ít phút."
	msgImportErrorsHeader = "Có %d dòng chưa hợp lệ:"
	msgImportMoreErrors   = "… và %d dòng lỗi khác. Vui lòng sửa rồi gửi lại tệp."
	msgImportNothingValid = "Không có dòng nào hợp lệ, chưa nhập gì. Vui lòng sửa tệp rồi gửi lại, hoặc gõ /huy."
	msgImportAllValid     = "Tệp hợp lệ: %s người. Người đã có trong danh sách (cùng số định danh, hoặc cùng đơn vị, họ tên, năm sinh) sẽ được cập nhật, không thêm trùng. Nhập vào hệ thống?"
	msgImportSomeBad      = "Tệp có %s dòng chưa hợp lệ (xem trên) và %s dòng hợp lệ. Chưa nhập gì. Bạn có thể sửa tệp rồi gửi lại, hoặc chỉ nhập các dòng hợp lệ."
	lblImport             = "Nhập"
	lblImportValid        = "Chỉ nhập %s dòng hợp lệ"
	msgImportChanged      = "Tệp đã thay đổi so với lúc kiểm tra. Vui lòng gõ /nhap và gửi lại tệp."
	msgImportDone         = "Đã nhập xong: %d người thêm mới, %d người cập nhật, %d người không thay đổi; %d dòng lỗi bỏ qua."
)

// Audit log (/nhatky).
const (
	msgAuditHeader = "Nhật ký thao tác (mới nhất trước):"
	msgAuditEmpty  = "Nhật ký chưa có mục nào."
	msgAuditNext   = "Xem tiếp: bấm «Xem tiếp» hoặc gõ /nhatky %s"
	msgAuditBadArg = "Vui lòng gõ /nhatky, hoặc /nhatky kèm số mục để xem các mục cũ hơn, ví dụ: /nhatky 120."
	msgAuditCLI    = "máy chủ (dòng lệnh)"
	msgAuditSystem = "hệ thống"
	lblAuditMore   = "Xem tiếp"
)

// auditActions names what an audit entry records.
var auditActions = map[string]string{
	"admin.add":           "cấp quyền quản trị",
	"invite.create":       "tạo mã mời",
	"invite.join":         "nhận mã mời, trở thành cán bộ đầu mối",
	"staff.add":           "thêm cán bộ",
	"staff.edit":          "sửa thông tin cán bộ",
	"staff.left":          "ghi nhận nghỉ việc",
	"staff.list":          "xem danh sách cán bộ",
	"staff.view":          "xem thông tin cán bộ",
	"staff.dupcheck":      "xem người có thể trùng",
	"staff.import":        "nhập danh sách từ tệp",
	"staff.import.create": "thêm cán bộ (nhập tệp)",
	"staff.import.update": "cập nhật cán bộ (nhập tệp)",
	"training.add":        "ghi nhận đào tạo",
	"training.edit":       "sửa ghi nhận đào tạo",
	"training.delete":     "xóa ghi nhận đào tạo",
	"training.list":       "xem danh sách đào tạo",
	"training.view":       "xem ghi nhận đào tạo",
	"report.submit":       "gửi báo cáo",
	"report.accept":       "tiếp nhận báo cáo",
	"report.return":       "trả lại báo cáo",
	"report.view":         "xem báo cáo",
	"feedback.raise":      "gửi phản ánh",
	"feedback.answer":     "trả lời phản ánh",
	"export.create":       "xuất tệp tổng hợp",
	"audit.view":          "xem nhật ký",
}

// auditObjects names the kinds of record.
var auditObjects = map[string]string{
	"staff": "cán bộ", "unit": "đơn vị", "report": "báo cáo", "training": "đào tạo", "feedback": "phản ánh",
	"person": "người dùng", "invite": "mã mời", "export": "tệp xuất", "audit": "nhật ký",
}

// --- subscribers, announcements, vacancies, talent pool (outreach issue) ---

// Subscribers and personal data.
const (
	helpInterest   = "bày tỏ quan tâm tới một vị trí tuyển dụng (ví dụ: quan tâm 3)"
	titleSubscribe = "đăng ký nhận tin"
	titleForget    = "xóa dữ liệu"
	msgConsent     = "ĐĂNG KÝ NHẬN THÔNG TIN — %s\n" +
		"• Mục đích: gửi bạn thông tin tuyển dụng, đào tạo, học bổng và chính sách dành cho người dân tộc thiểu số (Đề án theo Quyết định 470/QĐ-TTg).\n" +
		"• Dữ liệu được lưu: tài khoản nhắn tin của bạn (mã và tên hiển thị), thôn bạn chọn, lĩnh vực bạn quan tâm, thời điểm và phiên bản của lần đồng ý này; nếu bạn bấm \"Quan tâm\" một vị trí tuyển dụng: vị trí đó.\n" +
		"• Chỉ Phòng Văn hóa - Xã hội của xã sử dụng dữ liệu này, không cung cấp cho bên khác.\n" +
		"• Rút lại đồng ý: gõ /ngung để ngừng nhận tin bất cứ lúc nào; /dulieu để xem dữ liệu; /xoadulieu để xóa toàn bộ dữ liệu.\n" +
		"Căn cứ: Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP.\n\n" +
		"Bạn có đồng ý không?"
	msgConsentForJob          = "Để ghi nhận bạn quan tâm vị trí tuyển dụng, cần có sự đồng ý của bạn về việc lưu thông tin."
	labelConsentAgree         = "Tôi đồng ý"
	labelConsentDisagree      = "Không đồng ý"
	msgConsentPick            = "Vui lòng chọn \"Tôi đồng ý\" hoặc \"Không đồng ý\" (hoặc gõ 1 hoặc 2)."
	msgConsentDeclined        = "Bạn chưa đăng ký. Hệ thống không lưu thêm thông tin nào của bạn."
	msgSubscribeVillage       = "Bạn ở thôn nào? (để nhận thông tin của thôn mình; có thể bỏ qua)"
	msgSubscribeInterests     = "Bạn quan tâm lĩnh vực nào? Có thể chọn nhiều mục (ví dụ gõ: 1, 3) hoặc Bỏ qua."
	msgSubscribeInterestsPick = "Vui lòng chọn lĩnh vực trong danh sách (ví dụ gõ: 1, 3) hoặc chọn Bỏ qua."
	labelInterestJobs         = "Tuyển dụng"
	labelInterestTraining     = "Đào tạo, học bổng"
	labelInterestPolicy       = "Chính sách"
	labelOutSkip              = "Bỏ qua"
	msgSubscribed             = "Cảm ơn bạn đã đăng ký nhận tin.\nThôn: %s\nLĩnh vực quan tâm: %s\nGõ /ngung để ngừng nhận tin, /dulieu để xem dữ liệu, /xoadulieu để xóa dữ liệu."
	msgOptedOut               = "Bạn đã ngừng nhận tin. Hệ thống sẽ không gửi thêm thông báo nào. Gõ /dangky nếu muốn nhận lại; /xoadulieu để xóa dữ liệu."
	msgNotSubscribed          = "Bạn chưa đăng ký nhận tin nên không cần ngừng. Gõ /dangky nếu muốn đăng ký."
	msgQRCaption              = "Mã QR đăng ký nhận tin — thôn %s\nTelegram: quét mã hoặc mở %s\nZalo: nhắn cho bot dòng: /start %s"
	msgQRNoVillages           = "Kế hoạch chưa có danh sách thôn (villages), nên chưa tạo được mã QR."
	msgMyDataSubscription     = "- Nhận tin: %s"
	msgMyDataSubscribed       = "đang nhận"
	msgMyDataOptedOut         = "đã ngừng lúc %s"
	msgMyDataConsent          = "- Đồng ý xử lý dữ liệu: phiên bản %s, lúc %s"
	msgMyDataVillage          = "- Thôn: %s"
	msgMyDataInterests        = "- Lĩnh vực quan tâm: %s"
	msgMyDataLead             = "- Quan tâm vị trí tuyển dụng: %s (từ %s)"
	msgMyDataForgetHint       = "Gõ /xoadulieu để xóa toàn bộ dữ liệu này."
	msgForgetConfirm          = "Bạn muốn xóa toàn bộ dữ liệu của mình? Hệ thống sẽ xóa: tài khoản nhắn tin và tên hiển thị, đăng ký nhận tin (thôn, lĩnh vực, đồng ý), các vị trí tuyển dụng bạn quan tâm, hội thoại và tin nhắn chờ gửi. Việc này không thể hoàn tác."
	labelForgetYes            = "Xóa dữ liệu của tôi"
	labelForgetNo             = "Không xóa"
	msgForgetPick             = "Vui lòng chọn \"Xóa dữ liệu của tôi\" hoặc \"Không xóa\" (hoặc gõ 1 hoặc 2)."
	msgForgetKept             = "Đã hủy. Dữ liệu của bạn được giữ nguyên."
	msgForgotten              = "Đã xóa toàn bộ dữ liệu của bạn. Cảm ơn bạn đã quan tâm. Nếu nhắn lại cho bot, bạn sẽ được coi là người dùng mới."
	msgOutTextEmpty           = "Nội dung đang trống. Vui lòng nhập lại, ví dụ: %s"
	msgOutTextTooLong         = "Nội dung dài %d ký tự, vượt quá %d ký tự. Vui lòng rút gọn và gửi lại."
	msgOutYesNoPick           = "Vui lòng chọn Có hoặc Không (gõ 1 hoặc 2)."
	labelOutYes               = "Có"
	labelOutNo                = "Không"
	labelOutCancel            = "Hủy"
	labelOutSave              = "Lưu"
	labelOutSend              = "Gửi ngay"
	labelOutSchedule          = "Lên lịch"
)

// Announcements.
const (
	titleAnnounce         = "soạn thông báo"
	titleAnnCancel        = "hủy thông báo đã lên lịch"
	msgAnnUsage           = "Cách dùng: /thongbao (soạn mới), /thongbao tiendo 5 (xem tiến độ thông báo số 5), /thongbao huy (hủy thông báo đã lên lịch)."
	msgAnnAskText         = "Nhập nội dung thông báo (tối đa 2000 ký tự)."
	msgAnnTextExample     = "Thông báo tuyển dụng viên chức năm 2026, hạn nộp hồ sơ 30/10/2026."
	msgAnnAskPhoto        = "Gửi một ảnh kèm thông báo (nếu có), hoặc chọn Bỏ qua."
	msgAnnPhotoPick       = "Vui lòng gửi một ảnh, hoặc chọn Bỏ qua (gõ 1)."
	msgAnnAskAudience     = "Gửi tới ai?"
	labelAnnAudAll        = "Tất cả người đăng ký"
	labelAnnAudVillages   = "Người đăng ký ở một số thôn"
	labelAnnAudOfficers   = "Cán bộ đầu mối các đơn vị"
	msgAnnAudVillages     = "người đăng ký ở thôn: %s"
	msgAnnAskVillages     = "Chọn thôn (có thể chọn nhiều, ví dụ gõ: 1, 3):"
	msgAnnVillagesPick    = "Vui lòng chọn thôn trong danh sách, ví dụ gõ: 1, 3"
	msgAnnAskWhen         = "Khi nào gửi?"
	labelAnnWhenNow       = "Gửi ngay"
	labelAnnWhenAt        = "Vào một thời điểm"
	labelAnnWhenCron      = "Lặp lại theo lịch"
	msgAnnWhenAt          = "lúc %s"
	msgAnnWhenCron        = "theo lịch \"%s\" (lần tới: %s)"
	msgAnnAskAt           = "Nhập thời điểm gửi theo dạng ngày/tháng/năm giờ:phút, ví dụ: 15/10/2026 08:00"
	msgAnnAtInvalid       = "Chưa đọc được thời điểm. Vui lòng nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ: 15/10/2026 08:00"
	msgAnnAtRange         = "Thời điểm gửi phải sau lúc này và trong vòng một năm, ví dụ: 15/10/2026 08:00"
	msgAnnAskCron         = "Nhập lịch lặp theo cú pháp cron (phút giờ ngày tháng thứ), ví dụ: 0 8 * * 1 (8 giờ sáng thứ Hai hằng tuần)."
	msgAnnCronInvalid     = "Lịch chưa đúng cú pháp cron. Ví dụ: 0 8 * * 1 (8 giờ sáng thứ Hai hằng tuần) hoặc 0 7 1 * * (7 giờ ngày 1 hằng tháng)."
	msgAnnCronTooOften    = "Lịch lặp quá dày: mỗi lần gửi phải cách nhau ít nhất 1 giờ. Ví dụ: 0 8 * * 1"
	msgAnnPreview         = "Trên đây là đúng nội dung sẽ gửi.\nNgười nhận: %s\nThời gian: %s\nSố người nhận hiện nay: %d\nXác nhận gửi?"
	msgAnnPreviewHeld     = "Trong đó %d người dân đang trong giờ yên tĩnh, sẽ nhận lúc %s."
	msgAnnQueued          = "Đã xếp hàng thông báo số %d: %d tin nhắn. Bấm \"Xem tiến độ\" hoặc gõ /thongbao tiendo %d để xem số đã gửi."
	msgAnnScheduled       = "Đã lên lịch thông báo số %d, gửi %s. Gõ /thongbao huy để hủy."
	labelAnnProgress      = "Xem tiến độ"
	msgAnnProgress        = "Thông báo số %d (%s)\nĐã gửi: %d\nĐang chờ: %d\nLỗi: %d\nĐã chặn bot: %d\nTổng: %d\n(cập nhật lúc %s)"
	labelAnnScheduled     = "đã lên lịch"
	labelAnnQueued        = "đang gửi/đã gửi"
	labelAnnCancelled     = "đã hủy"
	msgAnnNotFound        = "Không có thông báo số %d. Gõ /thongbao tiendo để xem các thông báo gần đây."
	msgAnnNone            = "Chưa có thông báo nào. Gõ /thongbao để soạn."
	msgAnnNothingToCancel = "Không có thông báo nào đang chờ gửi để hủy."
	msgAnnPickCancel      = "Chọn thông báo cần hủy:"
	msgAnnCancelled       = "Đã hủy thông báo số %d; bỏ %d tin nhắn đang chờ gửi."
)

// Vacancies.
const (
	titleJobNew               = "thêm vị trí tuyển dụng"
	titleJobPublish           = "đăng thông báo tuyển dụng"
	msgJobsNone               = "Hiện chưa có vị trí tuyển dụng nào đang mở. Gõ /dangky để nhận thông báo khi có."
	msgJobsMore               = "… và %d vị trí khác."
	msgJobsUsage              = "Cách dùng: /tuyendung (xem các vị trí), quan tâm 3 (quan tâm vị trí số 3)."
	msgJobsUsageAdmin         = "Cách dùng: /tuyendung, /tuyendung them, /tuyendung dang 3 (đăng thông báo), /tuyendung dong 3 (đóng), quan tâm 3."
	msgJobsAdminAdd           = "Thêm vị trí mới: bấm nút dưới đây hoặc gõ /tuyendung them"
	labelJobAdd               = "Thêm vị trí"
	msgJobTitle               = "Vị trí số %d: %s"
	msgJobDetails             = "Đơn vị: %s\nChỉ tiêu: %d\nYêu cầu: %s\nHạn nộp hồ sơ: %s\nLiên hệ: %s\nƯu tiên: %s"
	msgJobHint                = "Bấm \"Quan tâm\" hoặc gõ: quan tâm %d"
	msgJobAdminLine           = "Đã có %d người quan tâm. Đăng thông báo: /tuyendung dang %d; đóng: /tuyendung dong %d"
	labelInterested           = "Quan tâm"
	labelJobPublish           = "Đăng thông báo"
	labelJobClose             = "Đóng"
	msgJobAnnHeader           = "THÔNG BÁO TUYỂN DỤNG"
	msgJobInterestUsage       = "Vui lòng ghi số của vị trí, ví dụ: quan tâm 3. Gõ /tuyendung để xem các vị trí."
	msgJobNotFound            = "Không có vị trí tuyển dụng số %d. Gõ /tuyendung để xem các vị trí đang mở."
	msgJobNotOpen             = "Vị trí số %d đã đóng hoặc hết hạn nhận hồ sơ. Gõ /tuyendung để xem các vị trí đang mở."
	msgJobInterested          = "Đã ghi nhận bạn quan tâm vị trí \"%s\". Bạn sẽ được nhắc 3 ngày trước hạn nộp hồ sơ."
	msgJobAlready             = "Bạn đã bày tỏ quan tâm vị trí \"%s\" trước đó."
	msgJobClosed              = "Đã đóng vị trí số %d."
	msgJobAskPosition         = "Nhập tên vị trí tuyển dụng (ví dụ: Công chức Văn hóa - Xã hội)."
	msgJobPositionExample     = "Công chức Văn hóa - Xã hội"
	msgJobAskUnit             = "Vị trí thuộc đơn vị nào?"
	labelJobNoUnit            = "Không thuộc đơn vị cụ thể"
	msgJobAskQuota            = "Chỉ tiêu tuyển bao nhiêu người? (ví dụ: 2)"
	msgJobQuotaInvalid        = "Chỉ tiêu là một số từ 1 đến 1000, ví dụ: 2"
	msgJobAskRequirements     = "Nhập yêu cầu (trình độ, chuyên ngành, điều kiện…)."
	msgJobRequirementsExample = "Tốt nghiệp đại học chuyên ngành Văn hóa học; có chứng chỉ tin học cơ bản."
	msgJobAskDeadline         = "Hạn nộp hồ sơ (ngày/tháng/năm, ví dụ: 30/10/2026)?"
	msgJobDeadlineInvalid     = "Chưa đọc được ngày. Vui lòng nhập theo dạng ngày/tháng/năm, ví dụ: 30/10/2026"
	msgJobDeadlineRange       = "Hạn nộp hồ sơ phải từ hôm nay trở đi và trong vòng 2 năm, ví dụ: 30/10/2026"
	msgJobAskContact          = "Thông tin liên hệ (người, số điện thoại, địa chỉ nộp hồ sơ)?"
	msgJobContactExample      = "Phòng Văn hóa - Xã hội, UBND xã, ĐT 0220 3xxx xxx"
	msgJobAskNote             = "Ghi chú ưu tiên cho ứng viên người dân tộc thiểu số: nhập nội dung, hoặc chọn câu mặc định."
	labelJobDefaultNote       = "Dùng câu mặc định"
	msgJobDefaultNote         = "Ưu tiên ứng viên là người dân tộc thiểu số theo quy định (Quyết định 470/QĐ-TTg): có trình độ phù hợp, tốt nghiệp loại xuất sắc, có kinh nghiệm công tác, đã hoàn thành nghĩa vụ quân sự."
	msgJobNoteExample         = "Ưu tiên người dân tộc thiểu số đã hoàn thành nghĩa vụ quân sự."
	msgJobReview              = "Kiểm tra lại trước khi lưu:"
	msgJobReviewPosition      = "Vị trí: %s"
	msgJobCreated             = "Đã lưu vị trí số %d: %s. Đăng thông báo tới người đăng ký: bấm nút dưới đây hoặc gõ /tuyendung dang %d"
)

// Talent pool.
const (
	titlePool    = "nguồn ứng viên"
	titlePoolAdd = "giới thiệu ứng viên"
	// VacancyReminderText is the reminder to residents interested in a
	// vacancy, 3 days before its deadline (scheduler.OutreachDeps): position,
	// deadline date, contact, vacancy number.
	VacancyReminderText        = "NHẮC HẠN NỘP HỒ SƠ: vị trí \"%s\" nhận hồ sơ đến hết ngày %s.\nLiên hệ: %s\nGõ /tuyendung để xem chi tiết (vị trí số %d). Gõ /ngung để ngừng nhận tin."
	msgPoolUsage               = "Cách dùng: /nguon (menu), /nguon them (giới thiệu ứng viên), /nguon ds (danh sách), /nguon loc (lọc theo tiêu chí ưu tiên)."
	msgPoolMenu                = "Nguồn ứng viên người dân tộc thiểu số. Bạn muốn làm gì?"
	labelPoolAdd               = "Giới thiệu ứng viên"
	labelPoolList              = "Danh sách"
	labelPoolFilter            = "Lọc theo tiêu chí ưu tiên"
	msgPoolAskName             = "Họ và tên ứng viên?"
	msgPoolNameExample         = "Lường Thị Mai"
	msgPoolAskVillage          = "Ứng viên ở thôn nào? (chọn hoặc gõ tên thôn)"
	msgPoolAskEthnic           = "Ứng viên thuộc dân tộc nào? (gõ tên, ví dụ: Tày, Mường, Dao)"
	msgPoolEthnicUnknown       = "Không tìm thấy dân tộc này trong danh mục 54 dân tộc. Vui lòng gõ lại, ví dụ: Tày, Mường, Sán Dìu."
	msgPoolEthnicKinh          = "Nguồn này chỉ ghi nhận ứng viên người dân tộc thiểu số. Vui lòng gõ dân tộc khác, ví dụ: Tày."
	msgPoolAskEducation        = "Trình độ chuyên môn cao nhất?"
	msgPoolAskField            = "Chuyên ngành đào tạo? (gõ, hoặc Bỏ qua)"
	msgPoolTextExample         = "Kế toán"
	msgPoolAskExcellent        = "Tốt nghiệp loại xuất sắc?"
	msgPoolAskExperience       = "Kinh nghiệm công tác (gõ ngắn gọn, ví dụ: 2 năm kế toán HTX), hoặc chọn Chưa có."
	labelPoolNoExperience      = "Chưa có"
	msgPoolAskMilitary         = "Đã hoàn thành nghĩa vụ quân sự?"
	msgPoolReview              = "Kiểm tra lại:\nHọ tên: %s\nThôn: %s\nDân tộc: %s\nTrình độ: %s\nChuyên ngành: %s\nTốt nghiệp xuất sắc: %s\nKinh nghiệm: %s\nĐã hoàn thành NVQS: %s\nGiới thiệu bởi: %s"
	msgPoolAskConsent          = "Ứng viên đã đồng ý để xã lưu các thông tin trên (gồm dân tộc, là dữ liệu nhạy cảm) cho việc tạo nguồn cán bộ chưa?"
	labelPoolConsent           = "Ứng viên đã đồng ý — lưu"
	msgPoolNoConsent           = "Chưa lưu: cần ứng viên đồng ý trước khi ghi nhận vào nguồn."
	msgPoolSaved               = "Đã ghi nhận ứng viên %s vào nguồn (mã %d)."
	msgPoolAskFilter           = "Lọc theo tiêu chí ưu tiên nào? Có thể chọn nhiều (ví dụ gõ: 1, 4)."
	msgPoolFilterPick          = "Vui lòng chọn tiêu chí trong danh sách, ví dụ gõ: 1, 4"
	labelPoolCritQualification = "Trình độ phù hợp (từ trung cấp)"
	labelPoolCritExcellent     = "Tốt nghiệp xuất sắc"
	labelPoolCritExperience    = "Có kinh nghiệm công tác"
	labelPoolCritMilitary      = "Đã hoàn thành nghĩa vụ quân sự"
	msgPoolEmpty               = "Chưa có ứng viên nào phù hợp."
	msgPoolHeader              = "Nguồn ứng viên: %d người (thông tin dân tộc là dữ liệu nhạy cảm, không chia sẻ)."
	msgPoolFilterLine          = "Tiêu chí: %s"
	msgPoolMore                = "… và %d người khác. Gõ /nguon loc để lọc."
	msgPoolLead                = "%d. %s — thôn %s — tự đăng ký, quan tâm vị trí: %s (từ %s)"
	msgPoolLine                = "%d. %s — thôn %s\nDân tộc: %s; trình độ: %s (%s)\nTốt nghiệp xuất sắc: %s; kinh nghiệm: %s; đã hoàn thành NVQS: %s\nGiới thiệu bởi: %s; đạt %d/%d tiêu chí ưu tiên"
	labelPoolBySelf            = "tự đăng ký"
	labelPoolByFront           = "Ủy ban MTTQ Việt Nam xã"
	labelPoolByOffice          = "Phòng Văn hóa - Xã hội"
	labelPoolByOrganisation    = "tổ chức chính trị - xã hội"
)

// --- scheduler: reminders and digests ---
