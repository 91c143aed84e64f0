/** Outstanding offers ({@code OfferManager}) and their life between allocator and frameworks ({@code Offers}). */
package org.agora.master.internal.offer;
