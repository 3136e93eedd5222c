package handlers

import (
	"github.com/dttsbot/dttsbot/bot"
)

var (
	everyone  []bot.Role
	staffOnly = []bot.Role{bot.Officer, bot.Admin}
	adminOnly = []bot.Role{bot.Admin}
)

// Register lists every route of the bot: commands with their aliases and
// spoken phrases (SPEC §4), buttons and conversations.
func Register(r *bot.Router, d *Deps) {
	// --- basics ---
	r.Handle(bot.Command{Name: "/start", Phrases: []string{"bắt đầu"}, Help: helpStart, Handle: d.start})
	r.Handle(bot.Command{Name: "/help", Aliases: []string{"/trogiup"}, Phrases: []string{"trợ giúp", "giúp", "help"}, Help: helpHelp, Handle: d.help(r)})
	r.Handle(bot.Command{Name: "/huy", Aliases: []string{"/cancel"}, Phrases: []string{"hủy"}, Help: helpCancel, Handle: cancel})
	r.Handle(bot.Command{Name: "/quaylai", Aliases: []string{"/back"}, Phrases: []string{"quay lại"}, Help: helpBack, Handle: back})

	// --- invites and units ---
	r.Handle(bot.Command{Name: "/moi", Aliases: []string{"/invite"}, Phrases: []string{"mời"}, Roles: adminOnly, Help: helpInvite, Handle: d.invite})
	r.Flow(d.inviteFlow())
	r.Handle(bot.Command{Name: "/donvi", Aliases: []string{"/units"}, Phrases: []string{"đơn vị"}, Roles: adminOnly, Help: helpUnits, Handle: d.units})

	// --- personal data ---
	r.Handle(bot.Command{Name: "/dulieu", Aliases: []string{"/mydata"}, Phrases: []string{"dữ liệu", "dữ liệu của tôi"}, Help: helpMyData, Handle: d.myData})

	// --- identity link (Zalo issue) ---
	r.Handle(bot.Command{Name: "/lienket", Aliases: []string{"/link"}, Phrases: []string{"liên kết"}, Help: helpLink, Handle: d.link})

	// --- roster, training, report, feedback (officers' issue) ---
	r.Handle(bot.Command{Name: "/canbo", Aliases: []string{"/staff"}, Phrases: []string{"cán bộ", "danh sách cán bộ"}, Roles: staffOnly, Help: helpStaff, Handle: d.staff})
	r.Flow(d.staffFlow())
	r.Handle(bot.Command{Name: "/daotao", Aliases: []string{"/training"}, Phrases: []string{"đào tạo", "bồi dưỡng"}, Roles: staffOnly, Help: helpTraining, Handle: d.training})
	r.Flow(d.trainingFlow())
	r.Handle(bot.Command{Name: "/baocao", Aliases: []string{"/report"}, Phrases: []string{"báo cáo"}, Roles: staffOnly, Help: helpReport, Handle: d.report})
	r.Flow(d.reportFlow())
	r.Callback("rv", adminOnly, d.reviewButton)
	r.Handle(bot.Command{Name: "/phananh", Aliases: []string{"/feedback"}, Phrases: []string{"phản ánh"}, Roles: staffOnly, Help: helpFeedback, Handle: d.feedback})
	r.Flow(d.feedbackFlow())
	r.Callback("fb", adminOnly, d.answerButton)

	// --- status, export, import, audit (office issue) ---
	r.Handle(bot.Command{Name: "/trangthai", Aliases: []string{"/status"}, Phrases: []string{"trạng thái", "tình hình"}, Roles: staffOnly, Help: helpStatus, Handle: d.status})
	r.Handle(bot.Command{Name: "/xuat", Aliases: []string{"/export"}, Phrases: []string{"xuất", "xuất báo cáo"}, Roles: adminOnly, Help: helpExport, Handle: d.exportFiles})
	r.Handle(bot.Command{Name: "/nhap", Aliases: []string{"/import"}, Phrases: []string{"nhập danh sách", "nhập cán bộ"}, Roles: adminOnly, Help: helpImport, Handle: d.importStaff})
	r.Flow(d.importFlow())
	r.Handle(bot.Command{Name: "/nhatky", Aliases: []string{"/audit"}, Phrases: []string{"nhật ký"}, Roles: adminOnly, Help: helpAudit, Handle: d.auditLog})
	r.Callback("nk", adminOnly, d.auditMore)

	// --- subscribers, announcements, vacancies, talent pool (outreach issue) ---
	residentOrStranger := []bot.Role{bot.Stranger, bot.Resident}
	r.Handle(bot.Command{Name: "/dangky", Aliases: []string{"/subscribe"}, Phrases: []string{"đăng ký", "đăng ký nhận tin"}, Help: helpSubscribe, Handle: d.subscribe})
	r.Flow(d.subscribeFlow())
	r.Handle(bot.Command{Name: "/ngung", Aliases: []string{"/unsubscribe"}, Phrases: []string{"ngừng", "ngừng nhận tin"}, Help: helpStop, Handle: d.unsubscribe})
	r.Handle(bot.Command{Name: "/xoadulieu", Aliases: []string{"/forgetme"}, Phrases: []string{"xóa dữ liệu"}, Roles: residentOrStranger, Help: helpForget, Handle: d.forgetMe})
	r.Flow(d.forgetFlow())
	r.Handle(bot.Command{Name: "/thongbao", Aliases: []string{"/announce"}, Phrases: []string{"thông báo"}, Roles: adminOnly, Help: helpAnnounce, Handle: d.announce})
	r.Flow(d.announceFlow())
	r.Flow(d.annCancelFlow())
	r.Callback("ann", adminOnly, d.annCallback)
	r.Handle(bot.Command{Name: "/tuyendung", Aliases: []string{"/jobs"}, Phrases: []string{"tuyển dụng"}, Help: helpJobs, Handle: d.jobs})
	r.Handle(bot.Command{Name: "/quantam", Phrases: []string{"quan tâm"}, Help: helpInterest, Handle: d.jobInterestTyped})
	r.Callback("job", everyone, d.jobCallback("interest"))
	r.Callback("jobp", adminOnly, d.jobCallback("publish"))
	r.Callback("jobc", adminOnly, d.jobCallback("close"))
	r.Callback("jobn", adminOnly, d.jobCallback("add"))
	r.Flow(d.jobNewFlow())
	r.Flow(d.jobPublishFlow())
	r.Handle(bot.Command{Name: "/nguon", Aliases: []string{"/pool"}, Phrases: []string{"nguồn", "nguồn ứng viên"}, Roles: staffOnly, Allow: poolAllowed, Help: helpPool, Handle: d.pool})
	for _, f := range d.poolFlows() {
		r.Flow(f)
	}

	// --- group chats (proof issue): the only commands answered in a group,
	// whose members all read the reply; every other command and button asks
	// the user to write to the bot privately ---
	r.AllowInGroups("/start", "/help", "/huy", "/tuyendung", "/lienket")
}
