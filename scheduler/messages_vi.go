package scheduler

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Every word the scheduler says, in Vietnamese (NFC, full diacritics), in
// the short polite register of a commune office. The scheduler cannot use
// handlers/messages_vi.go, so its texts live here.

const (
	msgRemind        = "Nhắc việc: Đơn vị %s chưa gửi báo cáo năm %d. Hạn gửi: %s (%s). Gõ /baocao để soạn và gửi."
	msgOverdue       = "Báo cáo quá hạn: Đơn vị %s chưa gửi báo cáo năm %d (hạn %s, %s). Đề nghị đơn vị gửi sớm: gõ /baocao. Nếu gặp khó khăn, gõ /phananh để báo lại."
	msgDigestLate    = "Báo cáo năm %d đã hết hạn ngày %s. Còn %d/%d đơn vị chưa gửi:\n%s\nCác đơn vị này sẽ được nhắc %d ngày một lần cho tới khi gửi. Gõ /trangthai để xem chi tiết."
	msgDigestAllIn   = "Báo cáo năm %d đã hết hạn ngày %s. Tất cả %d đơn vị đã gửi báo cáo."
	msgNoOfficer     = " (chưa có cán bộ đầu mối)"
	msgReview        = "Rà soát dữ liệu quý %s/%d: Đơn vị %s đang có %d cán bộ, công chức, viên chức người DTTS trong danh sách. Đề nghị kiểm tra và cập nhật (người mới, người nghỉ việc, trình độ): gõ /canbo để xem và sửa, /daotao để ghi nhận đào tạo."
	msgTrainingHead  = "Nhắc lịch đào tạo: ngày mai (%s) bắt đầu:"
	msgTrainingLine  = "- Khóa “%s”%s: %s"
	msgTrainingOrg   = " (đơn vị tổ chức: %s)"
	msgTrainingTail  = "Khi khóa học kết thúc, gõ /daotao để cập nhật kết quả."
	msgWeeklyHead    = "Tóm tắt tuần (%s)"
	msgWeeklyReports = "Báo cáo năm %d: %d/%d đơn vị đã gửi."
	msgWeeklyMissing = "Chưa gửi: %s."
	msgWeeklyNone    = "Chưa gửi: không còn đơn vị nào."
	msgWeeklyDue     = "Hạn gửi: %s (%s)."
	msgWeeklyFeed    = "Phản ánh chưa trả lời: %d."
	msgWeeklyCov     = "Tỷ lệ cán bộ người DTTS được đào tạo đủ (toàn xã): %d/%d người (%s), chỉ tiêu %s."
	msgWeeklyNoCov   = "Tỷ lệ đào tạo: chưa có dữ liệu cán bộ người DTTS."
	msgWeeklyTail    = "Gõ /trangthai để xem chi tiết."
)

// dmy writes a day as dd/mm/yyyy.
func dmy(d time.Time) string { return d.Format("02/01/2006") }

// daysLeft says how far a deadline is from a day.
func daysLeft(n int) string {
	switch {
	case n > 0:
		return fmt.Sprintf("còn %d ngày", n)
	case n == 0:
		return "hôm nay là hạn cuối"
	default:
		return fmt.Sprintf("đã quá hạn %d ngày", -n)
	}
}

// percent writes a share the Vietnamese way: "85,7 %".
func percent(p float64) string {
	s := strconv.FormatFloat(p, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + " %"
}

// quarter writes the quarter of a month in Roman numerals.
func quarter(m time.Month) string {
	return [...]string{"I", "II", "III", "IV"}[(int(m)-1)/3]
}
