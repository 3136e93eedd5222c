package bot

import (
	"context"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"
)

// InboundStore keeps updates from their arrival until they are handled.
type InboundStore interface {
	// StoreUpdates stores updates with a Key, de-duplicated by (channel, key),
	// and returns those that were new.
	StoreUpdates(ctx context.Context, ups []Update) ([]Update, error)
	// PendingUpdates lists stored updates of a channel not yet handled.
	PendingUpdates(ctx context.Context, channel string) ([]Update, error)
}

// Dispatcher is the Inbox of the channels: it stores each update before the
// adapter acknowledges it, then handles updates on a bounded pool of lanes.
// Updates of one chat always go to the same lane, so they are handled in
// order; different chats run in parallel.
type Dispatcher struct {
	router  *Router
	store   InboundStore
	lanes   []chan Update
	timeout time.Duration
	log     *slog.Logger
	wg      sync.WaitGroup
}

// NewDispatcher makes a dispatcher with n lanes of the given queue depth.
func NewDispatcher(r *Router, store InboundStore, n, depth int, log *slog.Logger) *Dispatcher {
	if n < 1 {
		n = 1
	}
	d := &Dispatcher{router: r, store: store, timeout: 60 * time.Second, log: log}
	for i := 0; i < n; i++ {
		d.lanes = append(d.lanes, make(chan Update, depth))
	}
	return d
}

// Start runs the lanes until ctx ends; Wait waits for them.
func (d *Dispatcher) Start(ctx context.Context) {
	for _, lane := range d.lanes {
		d.wg.Add(1)
		go func(lane chan Update) {
			defer d.wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case u := <-lane:
					d.handle(ctx, u)
				}
			}
		}(lane)
	}
}

// Wait blocks until every lane has stopped.
func (d *Dispatcher) Wait() { d.wg.Wait() }

func (d *Dispatcher) handle(ctx context.Context, u Update) {
	for attempt := 0; attempt < 3; attempt++ {
		hctx, cancel := context.WithTimeout(ctx, d.timeout)
		err := d.router.HandleUpdate(hctx, u)
		cancel()
		if err == nil || ctx.Err() != nil {
			return
		}
		d.log.Error("update not handled", "channel", u.Channel, "chat_id", u.ChatID, "attempt", attempt+1, "err", err)
		time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
	}
	// Left unhandled in the store: it is handled again at the next start.
}

// Accept stores updates (those with a Key) and queues the new ones. It
// returns once they are durable, so the adapter may acknowledge them.
func (d *Dispatcher) Accept(ctx context.Context, ups []Update) error {
	var keyed, direct []Update
	for _, u := range ups {
		if u.Key != "" {
			keyed = append(keyed, u)
		} else {
			direct = append(direct, u)
		}
	}
	if len(keyed) > 0 {
		fresh, err := d.store.StoreUpdates(ctx, keyed)
		if err != nil {
			return err
		}
		direct = append(direct, fresh...)
	}
	for _, u := range direct {
		if err := d.submit(ctx, u); err != nil {
			return err
		}
	}
	return nil
}

// Resume queues the stored updates of a channel that were not handled
// before the last stop.
func (d *Dispatcher) Resume(ctx context.Context, channel string) (int, error) {
	ups, err := d.store.PendingUpdates(ctx, channel)
	if err != nil {
		return 0, err
	}
	for _, u := range ups {
		if err := d.submit(ctx, u); err != nil {
			return 0, err
		}
	}
	return len(ups), nil
}

func (d *Dispatcher) submit(ctx context.Context, u Update) error {
	h := fnv.New32a()
	h.Write([]byte(u.Channel))
	h.Write([]byte{0})
	h.Write([]byte(u.ChatID))
	lane := d.lanes[h.Sum32()%uint32(len(d.lanes))]
	select {
	case lane <- u:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
