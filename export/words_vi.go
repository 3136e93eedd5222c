package export

// The Vietnamese words of the office's documents (workbook, consolidated
// report, chart, import errors), NFC with full diacritics. The chat
// messages live in handlers/messages_vi.go; these are here because the CLI
// and the scheduler use them without the handlers.

// Sheet names of the workbook.
const (
	SheetSummary   = "Tổng hợp"
	SheetRoster    = "Cán bộ DTTS"
	SheetTraining  = "Đào tạo"
	SheetReports   = "Báo cáo đơn vị"
	SheetRecruit   = "Tuyển dụng & nguồn"
	wbTitle        = "Tổng hợp thực hiện Kế hoạch phát triển đội ngũ CBCCVC người DTTS"
	wbNotAvailable = "chưa có"
	wbYes          = "Có"
	wbNo           = "Không"
	wbCommune      = "Toàn xã"
)

// Roster columns: the "Cán bộ DTTS" sheet is also the import template.
const (
	colSTT          = "STT"
	colUnitCode     = "Mã đơn vị"
	colUnit         = "Đơn vị"
	colName         = "Họ và tên"
	colBirthYear    = "Năm sinh"
	colSex          = "Giới tính"
	colEthnic       = "Dân tộc"
	colNationalID   = "Số định danh cá nhân"
	colCategory     = "Phân loại"
	colPosition     = "Chức vụ, vị trí việc làm"
	colProfessional = "Trình độ chuyên môn"
	colPolitical    = "Lý luận chính trị"
	colStateMgmt    = "Quản lý nhà nước"
	colDigital      = "Tin học, kỹ năng số"
	colPlanning     = "Quy hoạch"
	colJoined       = "Ngày vào làm"
	colLeft         = "Ngày thôi việc"
	colFullyTrained = "Đào tạo đầy đủ"
)

// Other sheets' columns.
const (
	colReportStatus = "Tình trạng báo cáo"
	colLate         = "Nộp muộn"
	colSubmittedAt  = "Ngày gửi"
	colVersion      = "Lần gửi"
	colStaff        = "Số CBCCVC người DTTS"
	colTrained      = "Đào tạo đầy đủ (người)"
	colCoverage     = "Tỷ lệ đào tạo đầy đủ"
	colTarget       = "Chỉ tiêu"
	colOpenFeedback = "Phản ánh chưa trả lời"
	colActivity     = "Hoạt động gần nhất"
	colArea         = "Lĩnh vực"
	colCourse       = "Khóa học"
	colOrganiser    = "Đơn vị tổ chức"
	colFrom         = "Từ ngày"
	colTo           = "Đến ngày"
	colStatus       = "Trạng thái"
	colCertificate  = "Chứng chỉ"
	colVacancy      = "Vị trí tuyển dụng"
	colQuota        = "Chỉ tiêu"
	colRequirements = "Yêu cầu"
	colDeadline     = "Hạn nộp hồ sơ"
	colContact      = "Liên hệ"
	colPriority     = "Ưu tiên người DTTS"
	colInterested   = "Số người quan tâm"
	colCreated      = "Ngày tạo"
	colVillage      = "Thôn, khu dân cư"
	colEducation    = "Trình độ học vấn"
	colField        = "Ngành"
	colExcellent    = "Tốt nghiệp loại giỏi, xuất sắc"
	colExperience   = "Kinh nghiệm công tác"
	colMilitary     = "Hoàn thành NVQS"
	colNominated    = "Người giới thiệu"
	colConsent      = "Đồng ý lưu dữ liệu"
	sectionPool     = "NGUỒN NHÂN LỰC NGƯỜI DTTS"
)

// CategoryLabels names the staff categories (SPEC §5).
var CategoryLabels = map[string]string{
	"can_bo":         "Cán bộ",
	"cong_chuc":      "Công chức",
	"vien_chuc":      "Viên chức",
	"nguoi_lao_dong": "Người lao động",
}

// categoryOrder is the order categories are listed in.
var categoryOrder = []string{"can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong"}

var sexLabels = map[string]string{"nam": "Nam", "nu": "Nữ"}

var trainingStatusLabels = map[string]string{
	"registered": "Đã đăng ký",
	"attending":  "Đang học",
	"completed":  "Hoàn thành",
}

// StatusLabels names the report states (storage.ReportState*).
var StatusLabels = map[string]string{
	"":          "Chưa có báo cáo",
	"draft":     "Đang soạn",
	"submitted": "Đã gửi",
	"returned":  "Bị trả lại",
	"accepted":  "Đã tiếp nhận",
}

var nominatorLabels = map[string]string{
	"self":         "Tự đăng ký",
	"mttq":         "Ủy ban MTTQ",
	"organisation": "Tổ chức chính trị - xã hội",
	"officer":      "Cán bộ đầu mối",
}

var vacancyStatusLabels = map[string]string{"open": "Đang tuyển", "closed": "Đã đóng", "draft": "Nháp"}

// Chart words.
const (
	chartTitle        = "Tỷ lệ đào tạo đầy đủ theo đơn vị — năm %d"
	chartTarget       = "Chỉ tiêu %s%%"
	chartYAxis        = "%"
	chartNoStaffShort = "chưa có"
)

// Import errors: one sentence per problem, joined for a row.
const (
	errRow             = "Dòng %d: %s."
	errNoSheet         = "Không tìm thấy trang “%s” (hoặc trang đầu tiên) trong tệp. Vui lòng dùng mẫu từ lệnh /xuat."
	errNoHeader        = "Tệp thiếu cột “%s”. Vui lòng dùng mẫu trang “%s” của tệp Excel xuất từ lệnh /xuat."
	errNoRows          = "Tệp không có dòng dữ liệu nào."
	errFormat          = "Tệp không đọc được: chỉ nhận .xlsx hoặc .csv (UTF-8)."
	errTooMany         = "Tệp có quá nhiều dòng (tối đa %d)."
	errNameMissing     = "thiếu họ và tên"
	errNameLong        = "họ và tên dài quá %d ký tự"
	errBirthMissing    = "thiếu năm sinh"
	errCategoryMissing = "thiếu phân loại (Cán bộ, Công chức, Viên chức hoặc Người lao động)"
	errBirthYear       = "năm sinh “%s” không hợp lệ (ví dụ: 1990, từ %d đến %d)"
	errSex             = "giới tính “%s” không hợp lệ (Nam hoặc Nữ)"
	errEthnicMissing   = "thiếu dân tộc"
	errEthnicUnknown   = "dân tộc “%s” không có trong danh mục 54 dân tộc"
	errEthnicKinh      = "người dân tộc Kinh không thuộc diện theo dõi"
	errUnitMissing     = "thiếu đơn vị"
	errUnitUnknown     = "đơn vị “%s” không có trong danh sách (ghi tên hoặc mã đơn vị, ví dụ: kinhte)"
	errCategory        = "phân loại “%s” không hợp lệ (Cán bộ, Công chức, Viên chức hoặc Người lao động)"
	errNationalID      = "số định danh “%s” phải gồm 12 chữ số (định dạng cột là Văn bản để giữ số 0 ở đầu)"
	errNationalIDDup   = "số định danh trùng với dòng %d"
	errDuplicate       = "trùng người với dòng %d (cùng đơn vị, họ tên, năm sinh)"
	errDate            = "%s “%s” không hợp lệ (ví dụ: 15/03/2020)"
	errLeftBefore      = "ngày thôi việc trước ngày vào làm"
	errLevel           = "%s “%s” không có trong danh mục (%s)"
	errPlanning        = "quy hoạch “%s” không hợp lệ (Có hoặc Không)"
	errTextLong        = "%s dài quá %d ký tự"
)
