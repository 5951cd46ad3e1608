package org.fhirportal.server.ig;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Installs the portal's IG package at start-up with HAPI's {@link IPackageInstallerSvc}: the package goes into
 * HAPI's package store and its definitions become FHIR resources of this server, so its SearchParameters are
 * active, its profiles validate writes and its OperationDefinitions and CapabilityStatement can be read.
 * Nothing is fetched: the package comes from the classpath and declares no dependency to install.
 *
 * <p>A start whose package is byte-for-byte the stored one installs nothing (HAPI would otherwise store one
 * more copy of the package as a Binary on every start). A changed package of the same version (a development
 * build) replaces the stored one. Runs before the demo load and before the server reports itself ready.
 */
final class PortalIgInstaller implements ApplicationRunner, Ordered {

	/** What {@link #installIfChanged()} did. */
	enum Outcome { INSTALLED, REPLACED, UNCHANGED }

	/**
	 * HAPI installs only the types it is told to (the list replaces its default). CodeSystems and ValueSets come
	 * first so that the profiles' bindings resolve.
	 */
	static final List<String> INSTALLED_TYPES = List.of(
			"CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter", "OperationDefinition", "CapabilityStatement");

	private static final Logger log = LoggerFactory.getLogger(PortalIgInstaller.class);

	private final PortalIgPackage igPackage;
	private final IPackageInstallerSvc installer;
	private final IHapiPackageCacheManager packageStore;

	PortalIgInstaller(PortalIgPackage igPackage, IPackageInstallerSvc installer, IHapiPackageCacheManager packageStore) {
		this.igPackage = Objects.requireNonNull(igPackage, "igPackage");
		this.installer = Objects.requireNonNull(installer, "installer");
		this.packageStore = Objects.requireNonNull(packageStore, "packageStore");
	}

	/** Before every other runner (the demo load), so that their data is indexed by the IG's search parameters. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void run(ApplicationArguments args) {
		installIfChanged();
	}

	Outcome installIfChanged() {
		String id = igPackage.name() + "#" + igPackage.version();
		IHapiPackageCacheManager.PackageContents stored = packageStore.loadPackageContents(igPackage.name(), igPackage.version());
		if (stored != null && Arrays.equals(stored.getBytes(), igPackage.bytes())) {
			log.info("IG package {} already installed", id);
			return Outcome.UNCHANGED;
		}
		long start = System.nanoTime();
		Outcome outcome = Outcome.INSTALLED;
		if (stored != null) {
			log.info("IG package {} changed since it was installed: replacing it", id);
			installer.uninstall(spec());
			outcome = Outcome.REPLACED;
		}
		installer.install(spec());
		log.info("IG package {} installed in {} ms", id, (System.nanoTime() - start) / 1_000_000);
		return outcome;
	}

	private PackageInstallationSpec spec() {
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(igPackage.name())
				.setVersion(igPackage.version())
				.setPackageContents(igPackage.bytes())
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
				.setFetchDependencies(false);
		spec.setReloadExisting(true);
		INSTALLED_TYPES.forEach(spec::addInstallResourceTypes);
		return spec;
	}
}
