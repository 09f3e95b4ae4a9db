import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { RecordedEvent } from '@statefold/core';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

interface EventTableProps {
  readonly events: readonly RecordedEvent[];
  readonly stateOfEvent: Map<number, string>;
  readonly selectedEventId?: number | undefined;
  readonly divergentEventId?: number | undefined;
  readonly onSelect: (eventId: number) => void;
}

const ROW_HEIGHT = 28;

/** Every event, virtualised (only the rows in view are in the page), each expandable to its details. */
export function EventTable({ events, stateOfEvent, selectedEventId, divergentEventId, onSelect }: EventTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const virtualizer = useRef<Virtualizer<HTMLDivElement, HTMLDivElement> | undefined>(undefined);
  virtualizer.current ??= new Virtualizer<HTMLDivElement, HTMLDivElement>({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: () => rerender(undefined),
    getItemKey: (index) => events[index]?.event.id ?? index,
  });
  const list = virtualizer.current;
  list.setOptions({ ...list.options, count: events.length, getItemKey: (index) => events[index]?.event.id ?? index });
  useLayoutEffect(() => list._didMount(), [list]);
  useLayoutEffect(() => list._willUpdate());
  useEffect(() => {
    if (divergentEventId === undefined) return;
    const index = events.findIndex(({ event }) => event.id === divergentEventId);
    if (index >= 0) list.scrollToIndex(index, { align: 'center' });
  }, [divergentEventId, events, list]);
  const toggle = (id: number) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };
  return (
    <div class="events">
      <div class="events-head">
        <span class="col-id">ID</span>
        <span class="col-type">Type</span>
        <span class="col-step">Step</span>
        <span class="col-time">Timestamp</span>
      </div>
      <div class="events-body" ref={scroller} data-testid="event-table">
        <div style={{ height: `${list.getTotalSize()}px`, position: 'relative' }}>
          {list.getVirtualItems().map((item) => {
            const recorded = events[item.index];
            if (recorded === undefined) return null;
            const { event } = recorded;
            const open = expanded.has(event.id);
            const classes = [
              'event-row',
              event.id === selectedEventId ? 'selected' : '',
              event.id === divergentEventId ? 'divergent' : '',
              /Failed|TimedOut|Aborted/.test(event.type) ? 'failure' : '',
            ].join(' ');
            return (
              <div
                key={item.key}
                data-index={item.index}
                data-event-id={event.id}
                ref={(element) => {
                  if (element !== null) list.measureElement(element);
                }}
                class={classes}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <div class="event-line" onClick={() => onSelect(event.id)}>
                  <button
                    type="button"
                    class="expander"
                    aria-label={open ? 'Collapse' : 'Expand'}
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(event.id);
                    }}
                  >
                    {open ? '▾' : '▸'}
                  </button>
                  <span class="col-id">{event.id}</span>
                  <span class="col-type">{event.type}</span>
                  <span class="col-step">{stateOfEvent.get(event.id) ?? ''}</span>
                  <span class="col-time">{event.timestamp}</span>
                </div>
                {open && <pre class="event-details">{JSON.stringify(recorded, null, 2)}</pre>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
