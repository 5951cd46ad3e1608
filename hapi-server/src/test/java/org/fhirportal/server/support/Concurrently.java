package org.fhirportal.server.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Sends one request per input, all on their own threads and released together (a latch), for one-winner tests. */
public final class Concurrently {

	private Concurrently() {}

	/** The responses, in the order of {@code inputs}. */
	public static <T> List<HttpResponse<String>> allAtOnce(List<T> inputs, Function<T, HttpResponse<String>> call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(inputs.size());
		try {
			CountDownLatch ready = new CountDownLatch(inputs.size());
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (T input : inputs) {
				Callable<HttpResponse<String>> task = () -> {
					ready.countDown();
					go.await();
					return call.apply(input);
				};
				futures.add(pool.submit(task));
			}
			ready.await();
			go.countDown();
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (Future<HttpResponse<String>> future : futures) {
				responses.add(future.get());
			}
			return responses;
		} finally {
			pool.shutdownNow();
		}
	}
}
