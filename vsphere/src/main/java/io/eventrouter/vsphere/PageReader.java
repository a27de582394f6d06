package io.eventrouter.vsphere;

import io.eventrouter.vsphere.events.CloudEventConverter;
import io.eventrouter.vsphere.events.EventConversionException;
import io.eventrouter.vsphere.events.EventDecoder;
import io.eventrouter.vsphere.vim25.VimException;
import io.eventrouter.vsphere.vim25.XmlElement;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Reads a collector's pages and converts their events, one page ahead while a backlog is drained: as soon as a full
 * page has arrived the next ReadNextEvents is sent, so vCenter prepares it while this page is converted and
 * published. Only one call per collector is ever outstanding, so pages still come in order.
 */
final class PageReader implements AutoCloseable {

    private final EventTail tail;
    private final int pageSize;
    private final EventDecoder decoder;
    private final CloudEventConverter converter;
    private FutureTask<List<XmlElement>> ahead;

    PageReader(EventTail tail, int pageSize, EventDecoder decoder, CloudEventConverter converter) {
        this.tail = tail;
        this.pageSize = pageSize;
        this.decoder = decoder;
        this.converter = converter;
    }

    /** The next page, oldest event first; empty when the collector has nothing more right now. */
    List<DecodedEvent> next() throws VimException, InterruptedException {
        FutureTask<List<XmlElement>> current = ahead != null ? ahead : start();
        ahead = null;
        List<XmlElement> page = await(current);
        if (page.size() == pageSize) {
            ahead = start(); // a full page: more are probably waiting
        }
        return decode(page);
    }

    private FutureTask<List<XmlElement>> start() {
        FutureTask<List<XmlElement>> task = new FutureTask<>(() -> tail.readNext(pageSize));
        Thread.ofVirtual().name("vcenter-page").start(task);
        return task;
    }

    private List<DecodedEvent> decode(List<XmlElement> elements) {
        List<DecodedEvent> page = new ArrayList<>(elements.size());
        for (XmlElement element : elements) {
            try {
                var event = decoder.decode(element);
                page.add(DecodedEvent.converted(element, event, converter.convert(event)));
            } catch (EventConversionException e) {
                page.add(DecodedEvent.failed(element, e));
            } catch (RuntimeException e) {
                page.add(DecodedEvent.failed(element, new EventConversionException(e.toString(), e)));
            }
        }
        return page;
    }

    private static List<XmlElement> await(FutureTask<List<XmlElement>> task)
            throws VimException, InterruptedException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case VimException vim -> throw vim;
                case InterruptedException interrupted -> throw interrupted;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Abandons a page read ahead: its events are read again by the next collector, from the resume point. */
    @Override
    public void close() {
        if (ahead != null) {
            ahead.cancel(true);
            ahead = null;
        }
    }
}
