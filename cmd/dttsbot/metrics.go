package main

import (
	"context"

	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the Prometheus series served on /metrics.
type metrics struct {
	reg     *prometheus.Registry
	updates *prometheus.CounterVec
	latency *prometheus.HistogramVec
	sends   *prometheus.CounterVec
	jobRuns *prometheus.CounterVec
}

func (a *app) newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.updates = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dttsbot_updates_handled_total",
		Help: "Updates handled, by channel and result (ok, user_error, error)."}, []string{"channel", "result"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "dttsbot_handler_seconds",
		Help: "Time to handle one update, commit included.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}},
		[]string{"channel"})
	m.sends = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dttsbot_sends_total",
		Help: "Outbound send attempts, by channel and result (sent, retry, failed, blocked)."}, []string{"channel", "result"})
	m.jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dttsbot_job_runs_total",
		Help: "Scheduled job runs, by job and result."}, []string{"job", "result"})
	depth := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "dttsbot_outbox_depth", Help: "Messages waiting in the outbox."},
		func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n, err := a.db.OutboxDepth(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		})
	m.reg.MustRegister(m.updates, m.latency, m.sends, m.jobRuns, depth,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.router.Observe = func(channel, result string, d time.Duration) {
		m.updates.WithLabelValues(channel, result).Inc()
		m.latency.WithLabelValues(channel).Observe(d.Seconds())
	}
	a.httpMux().Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return m
}

// observeSend counts a send result.
func (m *metrics) observeSend(channel, result string) { m.sends.WithLabelValues(channel, result).Inc() }

// ObserveJob counts a job run.
func (m *metrics) observeJob(job, result string) { m.jobRuns.WithLabelValues(job, result).Inc() }
