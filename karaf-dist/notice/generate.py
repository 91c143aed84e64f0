#!/usr/bin/env python3
"""Writes NOTICE at the project's root: the third-party jars the built distributions ship, with their licenses.

  python3 karaf-dist/notice/generate.py [MAVEN_REPO]     (after mvn install; MAVEN_REPO defaults to ~/.m2/repository)

It reads the jars under karaf-dist/{local,master,agent}/target/assembly (system/ and lib/), finds each one's pom in
the local Maven repository (for jars in lib/, by file name) and takes the license from it or from its parents, else
from the jar's Bundle-License header. NoticeTest (itests) fails the build when a shipped
jar is missing from NOTICE: run this again after changing dependencies.
"""
import os, re, sys, zipfile
import xml.etree.ElementTree as ET

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
repo = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.m2/repository")
NS = "{http://maven.apache.org/POM/4.0.0}"
EMBEDDED = {  # re-bundled by this project: the bundle holds the third-party classes
    "agora-zookeeper": "org.apache.zookeeper:zookeeper and zookeeper-jute (Apache License 2.0)",
    "agora-curator": "org.apache.curator:curator-client, curator-framework and curator-recipes (Apache License 2.0)",
    "agora-http": "io.prometheus:prometheus-metrics-model, prometheus-metrics-config and "
                  "prometheus-metrics-exposition-textformats (Apache License 2.0)",
}

KNOWN = {  # licenses of jars whose poms Maven did not download (the build needs only the jar)
    "org.bouncycastle": "Bouncy Castle Licence (an MIT licence)",
    "org.eclipse.platform": "Eclipse Public License 2.0",
}


def pom_license(group, artifact, version, depth=0):
    pom = os.path.join(repo, *group.split("."), artifact, version, f"{artifact}-{version}.pom")
    if depth > 6 or not os.path.exists(pom):
        return None
    try:
        tree = ET.parse(pom).getroot()
    except ET.ParseError:
        return None
    names = [l.findtext(f"{NS}name") or l.findtext(f"{NS}url") for l in tree.iter(f"{NS}license")]
    names = [n.strip() for n in names if n and n.strip()]
    if names:
        return " / ".join(dict.fromkeys(names))
    parent = tree.find(f"{NS}parent")
    if parent is not None:
        return pom_license(parent.findtext(f"{NS}groupId"), parent.findtext(f"{NS}artifactId"),
                           parent.findtext(f"{NS}version"), depth + 1)
    return None


def manifest_license(path):
    try:
        with zipfile.ZipFile(path) as z:
            mf = z.read("META-INF/MANIFEST.MF").decode("utf-8", "replace").replace("\r\n ", "").replace("\n ", "")
    except (KeyError, zipfile.BadZipFile):
        return None
    m = re.search(r"^Bundle-License:\s*(.+)$", mf, re.M)
    return m.group(1).strip() if m else None


def by_file_name(name):
    for dirpath, _, files in os.walk(repo):
        if name in files:
            rel = os.path.relpath(dirpath, repo).split(os.sep)
            return ".".join(rel[:-2]), rel[-2], rel[-1]
    return None


jars = {}  # file name -> (coordinates, license)
for dist in ("local", "master", "agent"):
    assembly = os.path.join(root, "karaf-dist", dist, "target", "assembly")
    if not os.path.isdir(assembly):
        raise SystemExit(f"missing {assembly}: run mvn install first")
    for top in ("system", "lib"):
        for dirpath, _, files in os.walk(os.path.join(assembly, top)):
            for f in files:
                if not f.endswith(".jar") or f in jars:
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(dirpath, os.path.join(assembly, "system")).split(os.sep)
                coords = (".".join(rel[:-2]), rel[-2], rel[-1]) if top == "system" else by_file_name(f)
                if coords and coords[0] == "org.agora":
                    if coords[1] in EMBEDDED:
                        jars[f] = (f"{coords[1]} (this project) embeds " + EMBEDDED[coords[1]], "")
                    continue
                lic = ((pom_license(*coords) if coords else None) or (KNOWN.get(coords[0]) if coords else None)
                       or manifest_license(path) or "see the jar")
                jars[f] = (":".join(coords) if coords else f, lic)

with open(os.path.join(root, "NOTICE"), "w") as out:
    out.write("Agora\nCopyright 2026 the Agora authors\n\nThis product is licensed under the Apache License 2.0 "
              "(LICENSE). Its distributions (karaf-dist/local,\nmaster, agent) ship the following third-party jars, "
              "each under its own license as stated here.\nApache Karaf, Felix, Aries, Pax, ZooKeeper, Curator, "
              "Netty and other Apache-licensed components carry\ntheir own NOTICE files inside their jars.\n\n")
    for f in sorted(jars, key=str.lower):
        coords, lic = jars[f]
        out.write(f"{f}\n    {coords}" + (f"\n    {lic}" if lic else "") + "\n")
print(f"NOTICE: {len(jars)} jars")
